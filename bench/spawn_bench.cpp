// Spawning: 1M trivial tasks spawned then joined (batch), and one at a time;
// both also with a tracer installed, to check what the hook costs.
#include <time.h>

#include <vector>

#include "bench_support.hpp"
#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "trace/event_log.hpp"

using namespace asyncplay;
using asyncplay::bench::report_per_item;

namespace {

constexpr int kTasks = 1'000'000;

bench::NullTracer null_tracer;
bench::CountingTracer counting_tracer;

Task<void> noop() { co_return; }

// tokio's "spawn + join" shape: spawn every task, then await every handle. The
// tasks run once this task parks on the first unfinished handle.
Task<void> spawn_all_then_join(std::vector<JoinHandle<void>>& handles) {
  for (int i = 0; i < kTasks; ++i) handles.push_back(spawn(noop()));
  for (auto& handle : handles) co_await handle;
  handles.clear();
}

// One task alive at a time: spawn it, await it, repeat.
Task<void> spawn_and_join_each(int tasks = kTasks) {
  for (int i = 0; i < tasks; ++i) co_await spawn(noop());
}

void check_nothing_left(benchmark::State& state, Executor& executor) {
  if (executor.live_tasks() != 0) state.SkipWithError("tasks left alive");
}

// The tracer is a parameter so that off and on run the same code in one run.
void BM_SpawnJoinBatch(benchmark::State& state, Tracer* tracer) {
  Executor executor;
  executor.set_tracer(tracer);
  std::vector<JoinHandle<void>> handles;
  handles.reserve(kTasks);  // the handles' storage is not what we measure
  for (auto _ : state) executor.block_on(spawn_all_then_join(handles));
  check_nothing_left(state, executor);
  report_per_item(state, kTasks, "per_task");
}
BENCHMARK_CAPTURE(BM_SpawnJoinBatch, tracer_off, nullptr)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpawnJoinBatch, tracer_noop, &null_tracer)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SpawnJoinBatch, tracer_counting, &counting_tracer)->Unit(benchmark::kMillisecond);

// Awaited from inside a task: two polls and one wake per spawned task.
void BM_SpawnJoinOneAtATime(benchmark::State& state) {
  Executor executor;
  for (auto _ : state) executor.block_on(spawn_and_join_each());
  check_nothing_left(state, executor);
  report_per_item(state, kTasks, "per_task");
}
BENCHMARK(BM_SpawnJoinOneAtATime)->Unit(benchmark::kMillisecond);

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Off and on, alternating every 100k one-at-a-time tasks (in both orders),
// so whatever else the machine does hits both alike; `between` runs after
// each pair, untimed. Sets the off/on counters; returns tasks run on each.
template <class Between>
double alternate(benchmark::State& state, Executor& off, Executor& on, Between between) {
  constexpr int kSlice = 100'000;
  double off_seconds = 0, on_seconds = 0;
  auto timed = [](Executor& executor) {
    double start = thread_cpu_seconds();
    executor.block_on(spawn_and_join_each(kSlice));
    return thread_cpu_seconds() - start;
  };
  bool off_first = true;
  for (auto _ : state) {
    if (off_first) off_seconds += timed(off);
    on_seconds += timed(on);
    if (!off_first) off_seconds += timed(off);
    off_first = !off_first;
    between();
  }
  double tasks = static_cast<double>(state.iterations()) * kSlice;
  state.counters["off_ns_per_task"] = off_seconds * 1e9 / tasks;
  state.counters["on_ns_per_task"] = on_seconds * 1e9 / tasks;
  state.counters["on_minus_off_ns"] = (on_seconds - off_seconds) * 1e9 / tasks;
  return tasks;
}

// The precise tracer check. Separate benchmarks run seconds apart, and on this
// shared VM their medians drift by more than the hook could cost; here off and
// on alternate. The tracer keeps nothing: this is what building the events costs.
void BM_TracerOffVsOn(benchmark::State& state) {
  Executor off, on;
  on.set_tracer(&null_tracer);
  alternate(state, off, on, [] {});
}
BENCHMARK(BM_TracerOffVsOn)->Unit(benchmark::kMillisecond);

// What tracing costs per event with the page's own tracer: the EventLog keeps
// each event (owned copy, bounded at 50,000) as the browser build does. The
// events per task are counted, so the figure is the cost of one event.
void BM_TracerCostPerEvent(benchmark::State& state) {
  Executor off, on;
  trace::EventLog log;
  std::size_t events = 0;
  struct Counter : Tracer {
    trace::EventLog* log;
    std::size_t* count;
    void on_event(const TraceEvent& e) override {
      ++*count;
      log->on_event(e);
    }
  } counter;
  counter.log = &log;
  counter.count = &events;
  on.set_tracer(&counter);
  double tasks = alternate(state, off, on, [&] { log.take_json(); });  // as the page does each frame
  double per_task = static_cast<double>(events) / tasks;
  state.counters["events_per_task"] = per_task;
  state.counters["ns_per_event"] = state.counters["on_minus_off_ns"] / per_task;
}
BENCHMARK(BM_TracerCostPerEvent)->Unit(benchmark::kMillisecond);

// Driven from outside: spawn, run_until_idle, repeat. The difference with the
// figure above is what one run_until_idle call costs.
void BM_SpawnRunUntilIdleOneAtATime(benchmark::State& state) {
  Executor executor;
  for (auto _ : state) {
    for (int i = 0; i < kTasks; ++i) {
      auto handle = executor.spawn(noop());
      executor.run_until_idle();
      benchmark::DoNotOptimize(handle.is_finished());
    }
  }
  check_nothing_left(state, executor);
  report_per_item(state, kTasks, "per_task");
}
BENCHMARK(BM_SpawnRunUntilIdleOneAtATime)->Unit(benchmark::kMillisecond);

}  // namespace
