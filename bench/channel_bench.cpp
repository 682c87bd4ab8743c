// Channel throughput: mpsc (one producer task, one consumer task, bounded) and
// broadcast (one sender, N receivers, every receiver sees every message).
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "bench_support.hpp"
#include "runtime/executor.hpp"
#include "runtime/sync/broadcast.hpp"
#include "runtime/sync/mpsc.hpp"
#include "runtime/task.hpp"
#include "runtime/yield_now.hpp"

using namespace asyncplay;
using asyncplay::bench::report_per_item;

namespace {

constexpr int kMessages = 1'000'000;

// The Sender goes with this task's frame: the consumer then sees the end.
Task<void> produce(mpsc::Sender<int> tx) {
  for (int i = 0; i < kMessages; ++i) co_await tx.send(i);
}

Task<std::int64_t> consume(mpsc::Receiver<int> rx) {
  std::int64_t received = 0;
  while (co_await rx.recv()) ++received;
  co_return received;
}

// range(0) is the capacity: 1 makes every message a wake each way.
void BM_MpscThroughput(benchmark::State& state) {
  Executor executor;
  for (auto _ : state) {
    auto [tx, rx] = mpsc::channel<int>(static_cast<std::size_t>(state.range(0)));
    auto consumer = executor.spawn(consume(std::move(rx)));
    executor.spawn(produce(std::move(tx)));
    if (executor.block_on(std::move(consumer)) != kMessages) state.SkipWithError("messages lost");
  }
  report_per_item(state, kMessages, "per_msg");
}
BENCHMARK(BM_MpscThroughput)->ArgName("capacity")->Arg(1)->Arg(128)->Unit(benchmark::kMillisecond);

constexpr std::size_t kRing = 128;
constexpr int kBatch = 64;  // sent between yields: under kRing, so nobody lags

// Sending never waits, so the sender yields after each batch; the run queue is
// FIFO, so every receiver drains the batch before the sender runs again.
Task<void> broadcast_all(broadcast::Sender<int> tx, int messages) {
  for (int i = 0; i < messages; ++i) {
    tx.send(i);
    if (i % kBatch == kBatch - 1) co_await yield_now();
  }
}

// Counts messages until Closed; -1 if it ever lagged (the figure would be wrong).
Task<std::int64_t> receive_all(broadcast::Receiver<int> rx) {
  std::int64_t received = 0;
  while (true) {
    auto result = co_await rx.recv();
    if (std::holds_alternative<broadcast::Closed>(result)) co_return received;
    if (std::holds_alternative<broadcast::Lagged>(result)) co_return -1;
    ++received;
  }
}

// range(0) receivers share about 1M deliveries per iteration.
void BM_BroadcastThroughput(benchmark::State& state) {
  const auto receivers = static_cast<int>(state.range(0));
  const int messages = kMessages / receivers;
  Executor executor;
  for (auto _ : state) {
    auto [tx, first] = broadcast::channel<int>(kRing);
    std::vector<JoinHandle<std::int64_t>> handles;
    handles.push_back(executor.spawn(receive_all(std::move(first))));
    for (int r = 1; r < receivers; ++r) handles.push_back(executor.spawn(receive_all(tx.subscribe())));
    executor.spawn(broadcast_all(std::move(tx), messages));
    executor.run_until_idle();
    bool all_received = true;
    for (auto& handle : handles) {
      all_received = all_received && handle.is_finished() && executor.block_on(std::move(handle)) == messages;
    }
    if (!all_received) state.SkipWithError("a receiver lagged or stopped early");
  }
  report_per_item(state, static_cast<std::int64_t>(messages) * receivers, "per_delivery");
  state.counters["msgs_per_second"] =
      benchmark::Counter(messages, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BroadcastThroughput)
    ->ArgName("receivers")
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Unit(benchmark::kMillisecond);

}  // namespace
