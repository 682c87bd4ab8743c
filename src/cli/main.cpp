// asyncplay: one program, many subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "compose/expression.hpp"
#include "compose/functions.hpp"
#include "io/io_driver.hpp"
#include "runtime/executor.hpp"
#include "trace/trace_file.hpp"

namespace {

// --trace FILE: every executor of the program reports to it. Static, so it
// outlives the thread's default executor, whose end may still report.
std::unique_ptr<asyncplay::trace::TraceFile> trace_file;

// `run --help`: the usage, then every function the expressions may call.
const std::string& run_usage() {
  static const std::string text = [] {
    std::string usage =
        "usage: asyncplay run 'EXPR' [--trace FILE]\n"
        "  runs an expression of the runtime's own futures under block_on and prints its value;\n"
        "  e.g. 'race(sleep(100ms), get(http://127.0.0.1:7879/))'. Exit 1 on an Err or a timeout.\n"
        "  join and race poll their futures in one task; only spawn starts another.\n";
    return usage + asyncplay::compose::function_list("    ") + "  " + asyncplay::compose::limits_in_words() + "\n";
  }();
  return text;
}

// Each subcommand's own usage, for `asyncplay COMMAND --help` (stdout, exit 0).
const char* usage_of(const std::string& command) {
  if (command == "chat-server") {
    return "usage: asyncplay chat-server [--listen HOST:PORT] [--model async|threads] [--reuse-port]\n"
           "       [--redis redis://HOST:PORT[/PREFIX]] [--trace FILE]\n"
           "  the book's chat server (default --listen 127.0.0.1:7878, --model async: one thread,\n"
           "  a task per connection; threads: a thread per connection); with --redis, groups are\n"
           "  shared by every server that names the same Redis\n";
  }
  if (command == "chat") {
    return "usage: asyncplay chat [HOST:PORT] [--trace FILE]\n"
           "  the book's chat client (default 127.0.0.1:7878); type join GROUP, post GROUP MESSAGE...;\n"
           "  Ctrl-D ends it once what was typed is written\n";
  }
  if (command == "get") {
    return "usage: asyncplay get HOST PORT PATH [--trace FILE]\n"
           "       asyncplay get URL [URL...] [--timeout SECONDS] [--trace FILE]\n"
           "  cheapo_request under block_on: the raw HTTP response; or many http:// requests at once\n";
  }
  if (command == "relay") {
    return "usage: asyncplay relay --listen HOST:PORT --allow HOST:PORT... [--token-file F] [--origin O...]\n"
           "       [--static DIR] [--path /relay] [--max-connections N] [--max-per-client N]\n"
           "       [--max-tunnels-per-client N] [--max-message BYTES]\n"
           "       [--handshake-timeout S] [--connect-timeout S] [--idle-timeout S] [--ping-interval S (0: off)]\n"
           "       [--explain-allowed] [--reuse-port] [--tls-cert FILE --tls-key FILE] [--trace FILE]\n"
           "  the WebSocket-to-TCP relay (docs/RELAY.md); with --tls-*: wss:// and https://, the\n"
           "  certificate read again when its files change (or on SIGHUP)\n";
  }
  if (command == "dev") {
    return "usage: asyncplay dev [--port 8080] [--chat-port 7878] [--http-port 7879] [--static DIR]\n"
           "       [--tls-cert FILE --tls-key FILE] [--trace FILE]\n"
           "  the local stack: the page and the relay, a chat server, an HTTP endpoint (0: any free port)\n";
  }
  if (command == "run") {
    return run_usage().c_str();
  }
  if (command == "demo") {
    return "usage: asyncplay demo [--trace FILE]\n"
           "  three tasks sleep on one thread while every spawn, poll and wake is printed in words\n";
  }
  return nullptr;
}

bool takes_trace(const std::string& command) {
  for (const char* name : {"demo", "get", "run", "chat", "chat-server", "relay", "dev"}) {
    if (command == name) return true;
  }
  return false;
}

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
    "  run 'EXPR'\n"
    "            futures you compose: 'race(sleep(10ms), never())' (run --help lists them)\n"
    "\n"
    "demo, get, run, chat, chat-server, relay and dev take --trace FILE: the run's polls,\n"
    "wakes and await sites in the Chrome trace format (open FILE in Perfetto's UI\n"
    "or chrome://tracing).\n"
    "  help      show this text\n"
    "\n"
    "Every command takes --io epoll|uring|auto (or ASYNCPLAY_IO): the I/O driver. auto, the\n"
    "default, is io_uring where the kernel allows it, and epoll otherwise (said once on stderr).\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  asyncplay::cli::Args args(argv + 2, argv + argc);
  for (const std::string& arg : args) {
    if (arg != "--help" && arg != "-h") continue;
    if (const char* usage = usage_of(command)) {
      std::fputs(usage, stdout);
      return 0;
    }
  }
  try {
    if (auto io = asyncplay::cli::take_option(args, "--io")) {
      auto choice = asyncplay::io::parse_io_driver(*io);
      if (!choice) throw std::invalid_argument("--io is epoll, uring or auto, not '" + *io + "'");
      asyncplay::io::choose_io_driver(*choice);
    }
    if (takes_trace(command)) {
      if (auto path = asyncplay::cli::take_option(args, "--trace")) {
        trace_file = std::make_unique<asyncplay::trace::TraceFile>(*path);
        asyncplay::Executor::trace_new_executors(trace_file.get());
      }
    }
    if (command == "demo") return asyncplay::cli::demo(args);
    if (command == "chat-server") return asyncplay::cli::chat_server(args);
    if (command == "chat") return asyncplay::cli::chat_client(args);
    if (command == "get") return asyncplay::cli::get(args);
    if (command == "relay") return asyncplay::cli::relay(args);
    if (command == "dev") return asyncplay::cli::dev(args);
    if (command == "run") return asyncplay::cli::run(args);
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
