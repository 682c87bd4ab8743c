// asyncplay: one program, many subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"

namespace {

constexpr const char* kUsage =
    "usage: asyncplay COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  chat-server [--listen 127.0.0.1:7878] [--model async|threads]\n"
    "            the book's chat server\n"
    "  chat [HOST:PORT]\n"
    "            the book's chat client: join GROUP, post GROUP MESSAGE...\n"
    "  get HOST PORT PATH\n"
    "            cheapo_request: print the raw HTTP response\n"
    "  get URL [URL...] [--timeout SECONDS]\n"
    "            many http:// requests at once on one thread\n"
    "  relay --listen ADDR --allow HOST:PORT ... [--token-file F] [--origin O ...] [--static DIR]\n"
    "            the WebSocket-to-TCP relay (see docs/RELAY.md)\n"
    "  dev [--port 8080]\n"
    "            the local stack: web page + relay, chat server, an HTTP endpoint\n"
    "  demo      run three tasks on one thread and trace every poll and wake\n"
    "  help      show this text\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  asyncplay::cli::Args args(argv + 2, argv + argc);
  try {
    if (command == "demo") return asyncplay::cli::demo(args);
    if (command == "chat-server") return asyncplay::cli::chat_server(args);
    if (command == "chat") return asyncplay::cli::chat_client(args);
    if (command == "get") return asyncplay::cli::get(args);
    if (command == "relay") return asyncplay::cli::relay(args);
    if (command == "dev") return asyncplay::cli::dev(args);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "asyncplay %s: %s\n", command.c_str(), e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "asyncplay %s: %s\n", command.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "asyncplay: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
