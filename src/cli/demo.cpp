// `asyncplay demo`: the seed's poll/await flow, made visible. Three tasks sleep
// for different times while the executor's event stream is printed in words:
// each spawn, poll (where it stopped, what it waits for), wake (and what
// caused it) and Ready. With --trace FILE the same run also goes to FILE.
#include <chrono>
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "trace/event_words.hpp"

namespace asyncplay::cli {
namespace {

using namespace std::chrono_literals;

// Prints each event, and hands it on to the --trace file's tracer, if any.
struct PrintTracer : Tracer {
  trace::EventWords words;
  Tracer* also = Executor::new_executor_tracer();
  void on_event(const TraceEvent& event) override {
    if (auto line = words.line(event)) std::printf("%s\n", line->c_str());
    if (also) also->on_event(event);
  }
};

Task<std::string> step(std::string name, std::chrono::milliseconds nap) {
  co_await sleep(nap);  // Pending: the timer queue wakes this task at the deadline
  co_return name + " slept " + std::to_string(nap.count()) + " ms";
}

Task<void> demo_main() {
  auto a = spawn(step("tortoise", 300ms), "tortoise");
  auto b = spawn(step("hare", 100ms), "hare");
  auto c = spawn(step("owl", 200ms), "owl");
  auto [ra, rb, rc] = co_await join(std::move(a), std::move(b), std::move(c));
  std::printf("\n%s\n%s\n%s\n", ra.c_str(), rb.c_str(), rc.c_str());
  std::printf("three sleeps of 100-300 ms overlapped on one thread.\n");
}

}  // namespace

int demo(const Args&) {
  Executor executor;
  PrintTracer tracer;
  executor.set_tracer(&tracer);
  auto start = Clock::now();
  executor.block_on(demo_main());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  std::printf("total: %lld ms\n", static_cast<long long>(ms));
  return 0;
}

}  // namespace asyncplay::cli
