#pragma once
// sleep(duration): a future that is Ready once the duration has passed.
// It registers with the current executor's timer queue on its first poll, not
// when created (futures are lazy), and leaves the queue when dropped.
#include <cassert>

#include "runtime/future.hpp"
#include "runtime/time/timer_queue.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay {

class [[nodiscard]] Sleep {
 public:
  using Output = void;

  explicit Sleep(Clock::time_point deadline) { entry_.deadline = deadline; }
  Sleep(Sleep&& other) noexcept : entry_{} {
    assert(!other.entry_.queue && "a Sleep must not move once polled");
    entry_.deadline = other.entry_.deadline;
  }
  Sleep& operator=(Sleep&&) = delete;
  ~Sleep() {
    if (entry_.queue) entry_.queue->remove(&entry_);
  }

  Poll<void> poll(Context& cx) {
    if (entry_.fired || Clock::now() >= entry_.deadline) {
      if (entry_.queue) entry_.queue->remove(&entry_);
      return ready();
    }
    if (!entry_.queue) {
      entry_.waker = cx.waker();
      detail::current_timers().insert(&entry_);
    } else {
      entry_.waker.set(cx.waker());
    }
    if (auto* trace = cx.trace()) [[unlikely]] {
      trace->waits_for("timer", std::chrono::ceil<std::chrono::milliseconds>(entry_.deadline - Clock::now()).count(), "ms");
    }
    return pending;  // woken by the executor's timer queue at the deadline
  }

  Clock::time_point deadline() const { return entry_.deadline; }

 private:
  TimerEntry entry_;  // owned here; linked into the timer queue while waiting
};

inline Sleep sleep_until(Clock::time_point deadline) { return Sleep(deadline); }
inline Sleep sleep(Clock::duration duration) { return Sleep(Clock::now() + duration); }

}  // namespace asyncplay
