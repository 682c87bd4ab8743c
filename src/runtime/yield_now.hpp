#pragma once
// yield_now(): Pending once, after waking itself, so other ready tasks run
// first. It also lets the I/O driver hand over what the turn queued
// (Driver::flush: io_uring's sends), as tokio's yield_now lets its driver run,
// so a task that yields in a long burst of work does not starve the writes
// it causes.
#include "runtime/driver.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

class [[nodiscard]] YieldNow {
 public:
  using Output = void;
  Poll<void> poll(Context& cx) {
    if (yielded_) return ready();
    yielded_ = true;
    // Wakes what the kernel finished: those tasks run before this one again.
    if (Driver* queued = detail::t_queued_driver) [[unlikely]] queued->flush();
    if (cx.trace()) [[unlikely]] {
      wake_traced(cx);
    } else {
      cx.waker().wake_by_ref();
    }
    return pending;  // woken just above: back at the end of the run queue
  }

 private:
  // The same wake, named for this executor's tracer (only its own reads the
  // cause of a task waking itself), out of the way of the untraced one.
  [[gnu::cold, gnu::noinline]] static void wake_traced(Context& cx) {
    {
      CauseScope cause({WakeCause::Kind::yield});
      cx.waker().wake_by_ref();
    }
    cx.trace()->waits_for("its turn (yield_now)");
  }

  bool yielded_ = false;
};

inline YieldNow yield_now() { return {}; }

}  // namespace asyncplay
