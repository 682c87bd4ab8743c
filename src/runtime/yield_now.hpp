#pragma once
// yield_now(): Pending once, after waking itself, so other ready tasks run first.
#include "runtime/future.hpp"

namespace asyncplay {

class [[nodiscard]] YieldNow {
 public:
  using Output = void;
  Poll<void> poll(Context& cx) {
    if (yielded_) return ready();
    yielded_ = true;
    cx.waker().wake_by_ref();
    return pending;  // woken just above: back at the end of the run queue
  }

 private:
  bool yielded_ = false;
};

inline YieldNow yield_now() { return {}; }

}  // namespace asyncplay
