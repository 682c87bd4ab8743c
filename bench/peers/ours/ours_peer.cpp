// ours-peer: our runtime's side of the peer comparison (bench/peers_compare),
// with the same command line and output lines as the tokio and async-std
// peers (bench/peers/rust), so every runtime is measured the same way:
//   ours-peer spawn --tasks N --mode batch|each [--runs R]
//       N no-op tasks spawned and joined, on one thread: batch = spawn all,
//       then await every handle; each = spawn one, await it, repeat. One
//       warm-up run, then R runs (5); prints
//       "spawn mode=M tasks=N ns_per_task_median=X ns_per_task_min=Y".
//   ours-peer parked --tasks N
//       in this fresh process: VmRSS, then N tasks that each wait on a future
//       that is never ready, each polled once (so it is parked), VmRSS again;
//       prints "parked tasks=N bytes_per_task=X rss_before=A rss_after=B".
// (The echo and chat servers of this comparison are `relay_load echo` and
// `asyncplay chat-server`.)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/never.hpp"
#include "runtime/task.hpp"

using namespace asyncplay;

namespace {

Task<void> noop() { co_return; }

Task<void> park_forever() { co_await never(); }

Task<void> spawn_all_then_join(std::vector<JoinHandle<void>>& handles, long tasks) {
  for (long i = 0; i < tasks; ++i) handles.push_back(spawn(noop()));
  for (auto& handle : handles) co_await handle;
  handles.clear();
}

Task<void> spawn_and_join_each(long tasks) {
  for (long i = 0; i < tasks; ++i) co_await spawn(noop());
}

long vm_rss_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6) * 1024;
  }
  return -1;
}

std::string option(int argc, char** argv, std::string_view name, std::string fallback) {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return fallback;
}

int spawn_command(long tasks, const std::string& mode, int runs) {
  if (mode != "batch" && mode != "each") {
    std::fprintf(stderr, "ours-peer: --mode is batch or each\n");
    return 2;
  }
  Executor executor;
  std::vector<JoinHandle<void>> handles;
  handles.reserve(static_cast<std::size_t>(tasks));  // the handles' storage is not what is measured
  std::vector<double> ns;
  for (int run = 0; run <= runs; ++run) {  // run 0 warms up
    auto start = std::chrono::steady_clock::now();
    if (mode == "batch") executor.block_on(spawn_all_then_join(handles, tasks));
    else executor.block_on(spawn_and_join_each(tasks));
    std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    if (run > 0) ns.push_back(took.count() / static_cast<double>(tasks));
  }
  if (executor.live_tasks() != 0) {
    std::fprintf(stderr, "ours-peer: tasks left alive\n");
    return 1;
  }
  std::sort(ns.begin(), ns.end());
  std::printf("spawn mode=%s tasks=%ld ns_per_task_median=%.2f ns_per_task_min=%.2f\n", mode.c_str(), tasks,
              ns[ns.size() / 2], ns.front());
  return 0;
}

int parked_command(long tasks) {
  long before = vm_rss_bytes();
  auto* executor = new Executor();  // never destroyed: the process ends with the tasks parked
  for (long i = 0; i < tasks; ++i) executor->spawn(park_forever());  // handle dropped: the executor keeps it
  executor->run_until_idle();  // each polled once: parked
  if (executor->live_tasks() != static_cast<std::size_t>(tasks)) {
    std::fprintf(stderr, "ours-peer: %zu tasks alive, expected %ld\n", executor->live_tasks(), tasks);
    return 1;
  }
  long after = vm_rss_bytes();
  std::printf("parked tasks=%ld bytes_per_task=%.1f rss_before=%ld rss_after=%ld\n", tasks,
              static_cast<double>(after - before) / static_cast<double>(tasks), before, after);
  std::fflush(stdout);
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  long tasks = std::atol(option(argc, argv, "--tasks", "1000000").c_str());
  if (tasks <= 0) {
    std::fprintf(stderr, "ours-peer: --tasks must be a positive number\n");
    return 2;
  }
  if (command == "spawn") {
    return spawn_command(tasks, option(argc, argv, "--mode", "batch"), std::atoi(option(argc, argv, "--runs", "5").c_str()));
  }
  if (command == "parked") return parked_command(tasks);
  std::fprintf(stderr, "usage: ours-peer spawn --tasks N --mode batch|each [--runs R] | parked --tasks N\n");
  return 2;
}
