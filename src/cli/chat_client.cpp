// `asyncplay chat [HOST:PORT]`: the book's client. Commands from stdin and
// replies from the server are handled at once (a chat::ClientSession: one
// writer, one reader); Ctrl-D (end of input) ends it once what was typed is
// written.
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "chat/client_session.hpp"
#include "chat/command.hpp"
#include "cli/commands.hpp"
#include "net/host_port.hpp"
#include "runtime/executor.hpp"
#include "runtime/race.hpp"
#include "runtime/spawn_blocking.hpp"
#include "runtime/time/sleep.hpp"

namespace asyncplay::cli {
namespace {

// After Ctrl-D: how long replies already on their way are still printed.
constexpr auto kLastRepliesWait = std::chrono::milliseconds(500);

void print(const std::string& text, chat::Said kind) {
  std::FILE* out = kind == chat::Said::client_error ? stderr : stdout;
  std::fprintf(out, "%s\n", text.c_str());
  std::fflush(out);
}

// A line from stdin, read on the blocking pool; nullopt at end of input.
Task<std::optional<std::string>> read_stdin_line() {
  auto read_line = []() -> std::optional<std::string> {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
  };
  auto line = spawn_blocking(read_line);  // outside co_await: see docs/ARCHITECTURE.md
  co_return co_await line;
}

// Typed lines to the session's writer, in order; at end of input (Ctrl-D),
// the sending half ends once all of them are written.
Task<Result<void>> send_lines(chat::ClientSession& session) {
  while (auto line = co_await read_stdin_line()) {
    if (chat::trim_start(*line).empty()) continue;
    if (!co_await session.send(std::move(*line))) break;  // the writer ended: its result says why
  }
  session.finish_sending();
  co_return co_await session.writer();
}

Task<Result<void>> until_replies_end(chat::ClientSession& session) { co_return co_await session.replies(); }

Task<int> run(net::HostPort server) {
  auto session = co_await chat::ClientSession::connect(server.host, server.port, print);
  if (!session) {
    std::fprintf(stderr, "asyncplay chat: %s\n", session.error().message().c_str());
    co_return 1;
  }
  // The usage goes to stdout, as the book's client prints it.
  std::printf("connected to %s\n%.*s(end with Ctrl-D)\n", server.to_string().c_str(),
              static_cast<int>(chat::kCommandUsage.size()), chat::kCommandUsage.data());
  std::fflush(stdout);
  auto ended = co_await race(send_lines(**session), until_replies_end(**session));
  auto& result = ended.index() == 0 ? std::get<0>(ended) : std::get<1>(ended);
  if (!result) {
    std::fprintf(stderr, "asyncplay chat: %s\n", result.error().message().c_str());
    co_return 1;
  }
  if (ended.index() == 1) {
    std::fprintf(stderr, "the server closed the connection\n");
    co_return 0;
  }
  // Ctrl-D, and everything sent is written. The book's server never closes
  // a connection that joined a group, so wait only a moment for replies
  // already on their way, then end (the book's client ends at once).
  co_await race(until_replies_end(**session), sleep(kLastRepliesWait));
  co_return 0;
}

}  // namespace

int chat_client(const Args& args) {
  if (args.size() > 1) throw std::invalid_argument("usage: asyncplay chat [HOST:PORT]");
  auto server = net::HostPort::parse(args.empty() ? "127.0.0.1:7878" : args[0]);
  if (!server) throw std::invalid_argument(server.error().context());
  return block_on(run(*server));
}

}  // namespace asyncplay::cli
