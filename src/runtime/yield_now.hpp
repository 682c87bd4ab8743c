#pragma once
// yield_now(): Pending once, after waking itself, so other ready tasks run first.
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
    {
      CauseScope cause({WakeCause::Kind::yield});
      cx.waker().wake_by_ref();
    }
    if (auto* trace = cx.trace()) trace->waits_for("its turn (yield_now)");
    return pending;  // woken just above: back at the end of the run queue
  }

 private:
  bool yielded_ = false;
};

inline YieldNow yield_now() { return {}; }

}  // namespace asyncplay
