#include "runtime/park_driver.hpp"

namespace asyncplay {

void ParkDriver::park(std::optional<Clock::duration> timeout) {
  // A zero timeout only looks: the executor does that between budgets, so it
  // must not cost a lock.
  if (timeout && *timeout <= Clock::duration::zero()) {
    unparked_.store(false, std::memory_order_relaxed);
    return;
  }
  std::unique_lock lock(mutex_);
  if (!timeout) {
    cv_.wait(lock, [&] { return unparked_.load(); });
  } else {
    cv_.wait_for(lock, *timeout, [&] { return unparked_.load(); });
  }
  unparked_.store(false);
}

void ParkDriver::unpark() {
  {
    std::lock_guard lock(mutex_);
    unparked_.store(true);
  }
  cv_.notify_one();
}

}  // namespace asyncplay
