// A small program that uses what the browser build will: tasks, JoinHandles,
// a timer, race, a channel and the chat protocol. bench/wasm_exceptions.sh
// builds it with each exception model to measure what each costs in size.
#include <cstdio>

#include "chat/protocol.hpp"
#include "runtime/executor.hpp"
#include "runtime/race.hpp"
#include "runtime/sync/mpsc.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"

using namespace asyncplay;

Task<int> producer(mpsc::Sender<std::string> tx) {
  for (int i = 0; i < 3; ++i) co_await tx.send(chat::encode(chat::FromClient(chat::Post{"g", "m"})));
  co_return 3;
}

Task<int> consumer(mpsc::Receiver<std::string> rx) {
  int n = 0;
  while (auto line = co_await rx.recv()) n += chat::decode_from_client(line->substr(0, line->size() - 1)).ok();
  co_return n;
}

Task<int> program() {
  auto [tx, rx] = mpsc::channel<std::string>(2);
  auto p = spawn(producer(std::move(tx)));
  auto c = spawn(consumer(std::move(rx)));
  auto r = co_await race(sleep(std::chrono::milliseconds(1)), std::move(c));
  co_return co_await p + static_cast<int>(r.index());
}

int main() { std::printf("%d\n", block_on(program())); }
