#pragma once
// Driver: what the executor's thread does when no task is ready. The runtime
// layer knows no I/O; a driver supplied from below (epoll natively, the browser's
// event loop in wasm) waits for events and wakes the wakers registered with it.
#include <chrono>
#include <optional>

namespace asyncplay {

using Clock = std::chrono::steady_clock;

class Driver {
 public:
  virtual ~Driver() = default;
  // Waits for events, at most `timeout` (forever when empty; zero: just look).
  // Returns early once unpark() has been called since the last park().
  virtual void park(std::optional<Clock::duration> timeout) = 0;
  // Makes the current or next park() return. Safe from any thread.
  virtual void unpark() = 0;
  // A task yields (yield_now) while this driver has work queued: hand the
  // kernel what this turn queued and take what it has finished, without
  // waiting, so the tasks it wakes run before the yielder again. Only a
  // driver that queues work (io_uring's sends) needs it; epoll makes every
  // system call at once.
  virtual void flush() {}
};

namespace detail {
// The driver on this thread with work queued for the kernel, set by that
// driver when it queues and cleared when it hands the work over; null when
// nothing is queued, so yield_now costs one load and a branch then.
extern thread_local Driver* t_queued_driver;
}  // namespace detail

}  // namespace asyncplay
