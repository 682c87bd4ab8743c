#pragma once
// TimerQueue: the deadlines that sleeping futures wait for, as a binary min-heap
// of entries owned by those futures. Each entry knows its heap index, so a
// future dropped early removes itself in O(log n): cancellation leaves nothing.
#include <cstddef>
#include <optional>
#include <vector>

#include "runtime/driver.hpp"
#include "runtime/waker.hpp"

namespace asyncplay {

class TimerQueue;

struct TimerEntry {
  static constexpr std::size_t not_queued = static_cast<std::size_t>(-1);
  Clock::time_point deadline;
  Waker waker;                       // woken when the deadline passes
  std::size_t index = not_queued;    // position in the heap
  TimerQueue* queue = nullptr;       // where it is queued; null when not
  bool fired = false;                // the deadline passed and the waker was woken
};

class TimerQueue {
 public:
  TimerQueue() = default;
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;
  ~TimerQueue();  // entries still queued are let go, not woken

  void insert(TimerEntry* entry);
  void remove(TimerEntry* entry);
  std::optional<Clock::time_point> next_deadline() const;
  // Wakes every entry whose deadline is at or before `now`; returns how many.
  std::size_t fire_expired(Clock::time_point now);
  std::size_t size() const { return heap_.size(); }

 private:
  void place(std::size_t i, TimerEntry* entry);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);

  std::vector<TimerEntry*> heap_;  // heap_[0] has the earliest deadline
};

namespace detail {
// The timer queue of the executor running on this thread (defined by the executor).
TimerQueue& current_timers();
}  // namespace detail

}  // namespace asyncplay
