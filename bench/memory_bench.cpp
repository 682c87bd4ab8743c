// Bytes per parked task: spawn 1M tasks that each wait on something that never
// comes, read how much the process's resident memory grew, then cancel them.
//
// Each measurement runs in a fresh child process (fork). The frame pool never
// gives its 64 KiB chunks back and malloc keeps what is freed, so a second
// measurement in the same process would find its memory already resident and
// report almost nothing; and the parent never spawns a task, so every child
// starts with an empty pool. RSS growth is the honest figure: it counts frames,
// task cells, pool chunks and allocator overhead, whoever allocated them.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "bench_support.hpp"
#include "runtime/executor.hpp"
#include "runtime/sync/oneshot.hpp"
#include "runtime/task.hpp"

using namespace asyncplay;
using asyncplay::bench::Never;
using Seconds = std::chrono::duration<double>;

namespace {

constexpr int kTasks = 1'000'000;

// What a child reports through its pipe; ok is false when a check failed.
struct Measurement {
  double bytes_per_task = 0;
  double spawn_seconds = 0;   // spawn all, then poll each once (it parks)
  double cancel_seconds = 0;  // destroy the executor, which cancels them all
  bool ok = false;
};

std::int64_t resident_bytes() {
  long pages_total = 0, pages_resident = 0;
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f || std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = -1;
  if (f) std::fclose(f);
  return static_cast<std::int64_t>(pages_resident) * sysconf(_SC_PAGESIZE);
}

template <class Fn>
Measurement in_child(Fn measure) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Measurement m = measure();
    bool written = write(fds[1], &m, sizeof m) == sizeof m;
    _exit(written ? 0 : 1);  // no atexit handlers or static destructors of the parent's
  }
  close(fds[1]);
  Measurement m;
  if (pid < 0 || read(fds[0], &m, sizeof m) != sizeof m) m = {};
  close(fds[0]);
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  return m;
}

Task<void> park_forever() { co_await Never(); }

Task<void> park_on(oneshot::Receiver<int> rx) { co_await rx; }

// Spawns kTasks made by `make(i)` (handles dropped: only the executor holds
// them), polls each once, and measures; `before` is read after everything the
// figure should not include has been allocated and touched.
template <class Make>
Measurement measure_parked(Make make, std::int64_t before) {
  Measurement m;
  auto executor = std::make_unique<Executor>();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kTasks; ++i) executor->spawn(make(i));
  executor->run_until_idle();
  auto t1 = std::chrono::steady_clock::now();
  std::int64_t after = resident_bytes();
  bool all_parked = executor->live_tasks() == kTasks;
  executor.reset();
  auto t2 = std::chrono::steady_clock::now();
  m.bytes_per_task = static_cast<double>(after - before) / kTasks;
  m.spawn_seconds = Seconds(t1 - t0).count();
  m.cancel_seconds = Seconds(t2 - t1).count();
  m.ok = all_parked && before > 0;
  return m;
}

void report(benchmark::State& state, const Measurement& m) {
  if (!m.ok) state.SkipWithError("child failed: tasks not all parked, or not all cancelled");
  state.SetIterationTime(m.spawn_seconds);
  state.counters["bytes_per_task"] = m.bytes_per_task;
  state.counters["spawn_ns_per_task"] = m.spawn_seconds * 1e9 / kTasks;
  state.counters["cancel_ns_per_task"] = m.cancel_seconds * 1e9 / kTasks;
}

// The task itself: its cell and its frame, parked on a leaf future that holds
// only its Waker.
void BM_ParkedTaskBytes(benchmark::State& state) {
  for (auto _ : state) {
    Measurement m = in_child([] {
      Measurement r = measure_parked([](int) { return park_forever(); }, resident_bytes());
      r.ok = r.ok && Never::alive == 0;  // cancelling dropped every future
      return r;
    });
    report(state, m);
  }
}
BENCHMARK(BM_ParkedTaskBytes)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

// The brief's realistic case: parked on a oneshot Receiver whose Sender is kept
// alive. The channel's shared state (one make_shared) is counted; the vector
// holding the Senders is allocated and touched before `before`, so it is not.
void BM_ParkedOnOneshotBytes(benchmark::State& state) {
  for (auto _ : state) {
    Measurement m = in_child([] {
      std::vector<std::optional<oneshot::Sender<int>>> senders(kTasks);  // touches every page
      Measurement r = measure_parked(
          [&](int i) {
            auto [tx, rx] = oneshot::channel<int>();
            senders[i].emplace(std::move(tx));
            return park_on(std::move(rx));
          },
          resident_bytes());
      for (auto& tx : senders) r.ok = r.ok && tx->is_closed();  // every Receiver dropped
      return r;
    });
    report(state, m);
  }
}
BENCHMARK(BM_ParkedOnOneshotBytes)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
