#pragma once
// shell(command): runs a shell command on the blocking pool (so the test's
// executor keeps serving while the command talks to it) and returns its exit
// status and combined stdout/stderr.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "runtime/spawn_blocking.hpp"
#include "runtime/task.hpp"

namespace asyncplay::testing {

struct Ran {
  int status = -1;     // the exit status, -1 when it did not exit normally
  std::string output;  // stdout and stderr
};

inline Task<Ran> shell(std::string command) {
  auto job = [command] {
    Ran ran;
    std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return ran;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) ran.output.append(buf, n);
    int status = pclose(pipe);
    ran.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return ran;
  };
  auto done = spawn_blocking(std::move(job));  // outside co_await: see docs/ARCHITECTURE.md
  co_return co_await done;
}

}  // namespace asyncplay::testing
