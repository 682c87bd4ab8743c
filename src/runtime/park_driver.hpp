#pragma once
// ParkDriver: the driver of an executor with no I/O. It only sleeps until the
// next timer or until another thread wakes a task (unpark).
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "runtime/driver.hpp"

namespace asyncplay {

class ParkDriver final : public Driver {
 public:
  void park(std::optional<Clock::duration> timeout) override;
  void unpark() override;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<bool> unparked_{false};  // an unpark() not yet consumed by park()
};

}  // namespace asyncplay
