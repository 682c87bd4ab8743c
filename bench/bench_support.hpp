#pragma once
// What the benchmarks share: a per-item counter, two tiny leaf futures and the
// tracers whose cost is compared.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "runtime/future.hpp"
#include "runtime/trace/tracer.hpp"

namespace asyncplay::bench {

// Adds items_per_second and a counter `name`: time per item (shown as "68ns";
// in JSON, seconds). Rates in Google Benchmark divide by CPU time, which the
// build running next to us on this 2-core machine disturbs less than wall time.
inline void report_per_item(benchmark::State& state, std::int64_t items_per_iteration, const char* name) {
  state.SetItemsProcessed(state.iterations() * items_per_iteration);
  // An inverted rate: seconds / items instead of items / second.
  state.counters[name] =
      benchmark::Counter(static_cast<double>(items_per_iteration),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// A one-slot wake-up from one task to another: notify() sets it and wakes the
// waiter through the Waker it stored; wait() is Ready once set, and clears it.
// The waiter's Waker stays stored, so a round trip clones nothing.
class Signal {
 public:
  class Wait {
   public:
    using Output = void;
    explicit Wait(Signal& signal) : signal_(signal) {}
    Poll<void> poll(Context& cx) {
      if (signal_.set_) {
        signal_.set_ = false;
        return ready();
      }
      signal_.waiter_.set(cx.waker());
      return pending;  // woken by notify()
    }

   private:
    Signal& signal_;
  };

  Wait wait() { return Wait(*this); }
  void notify() {
    set_ = true;
    waiter_.wake_by_ref();
  }

 private:
  bool set_ = false;
  Waker waiter_;  // the last task that waited
};

// Pending forever, holding the Waker as a real leaf future would. It counts
// live instances so a benchmark can check that cancelling dropped them all.
class Never {
 public:
  using Output = void;
  static inline std::int64_t alive = 0;
  Never() { ++alive; }
  Never(Never&& other) noexcept : waker_(std::move(other.waker_)) { ++alive; }
  ~Never() { --alive; }

  Poll<void> poll(Context& cx) {
    waker_.set(cx.waker());
    return pending;  // nobody wakes it: only cancellation ends the task
  }

 private:
  Waker waker_;
};

// Installed for the "tracer on" figure: what building the events costs
// (timing, await chains, wake numbering, lints), with a tracer that keeps nothing.
class NullTracer final : public Tracer {
 public:
  void on_event(const TraceEvent&) override {}
};

// A tracer that does a little work, as a playground's would.
class CountingTracer final : public Tracer {
 public:
  void on_event(const TraceEvent& event) override { ++counts[static_cast<int>(event.kind)]; }
  std::int64_t counts[8] = {};
};

}  // namespace asyncplay::bench
