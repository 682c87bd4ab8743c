// asyncplay: one program, many subcommands.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli/commands.hpp"

namespace {

constexpr const char* kUsage =
    "usage: asyncplay COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
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
  } catch (const std::exception& e) {
    std::fprintf(stderr, "asyncplay %s: %s\n", command.c_str(), e.what());
    return 1;
  }
  std::fprintf(stderr, "asyncplay: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
