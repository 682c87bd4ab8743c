#include "runtime/park_driver.hpp"

namespace asyncplay {

void ParkDriver::park(std::optional<Clock::duration> timeout) {
  std::unique_lock lock(mutex_);
  if (!timeout) {
    cv_.wait(lock, [&] { return unparked_; });
  } else if (*timeout > Clock::duration::zero()) {
    cv_.wait_for(lock, *timeout, [&] { return unparked_; });
  }
  unparked_ = false;
}

void ParkDriver::unpark() {
  {
    std::lock_guard lock(mutex_);
    unparked_ = true;
  }
  cv_.notify_one();
}

}  // namespace asyncplay
