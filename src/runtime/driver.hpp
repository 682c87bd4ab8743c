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
  // A task yields (yield_now): hand the kernel what this turn queued and take
  // what it has finished, without waiting, so the tasks it wakes run before
  // the yielder again. Nothing for a driver whose work is never queued
  // (epoll: every system call is made at once).
  virtual void flush() {}
};

}  // namespace asyncplay
