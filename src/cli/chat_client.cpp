// `asyncplay chat [HOST:PORT]`: the book's client. Commands from stdin and
// replies from the server are handled at once; Ctrl-D (end of input) ends it.
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "chat/client.hpp"
#include "chat/command.hpp"
#include "cli/commands.hpp"
#include "net/host_port.hpp"
#include "runtime/executor.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/spawn_blocking.hpp"

namespace asyncplay::cli {
namespace {

void print(const std::string& text, bool is_error) {
  std::FILE* out = is_error ? stderr : stdout;
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

Task<Result<void>> send_commands(net::TcpStream& socket) {
  while (auto line = co_await read_stdin_line()) {
    if (line->find_first_not_of(" \t\r") == std::string::npos) continue;
    auto sent = co_await chat::send_command(socket, std::move(*line), print);
    if (!sent) co_return sent;
  }
  // Ctrl-D: tell the server we are done, and keep printing its replies until it
  // closes the connection (the other side of the race), so none is lost.
  if (auto shut = socket.shutdown(net::Shutdown::write); !shut) co_return shut;
  co_await never();
  co_return Result<void>();
}

Task<int> run(net::HostPort server) {
  auto socket = co_await net::TcpStream::connect(server.host, server.port);
  if (!socket) {
    std::fprintf(stderr, "asyncplay chat: %s\n", socket.error().message().c_str());
    co_return 1;
  }
  std::fprintf(stderr, "connected to %s\n%.*s(end with Ctrl-D)\n", server.to_string().c_str(),
               static_cast<int>(chat::kCommandUsage.size()), chat::kCommandUsage.data());
  auto ended = co_await race(send_commands(*socket), chat::print_replies(*socket, print));
  auto& result = ended.index() == 0 ? std::get<0>(ended) : std::get<1>(ended);
  if (!result) {
    std::fprintf(stderr, "asyncplay chat: %s\n", result.error().message().c_str());
    co_return 1;
  }
  if (ended.index() == 1) std::fprintf(stderr, "the server closed the connection\n");
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
