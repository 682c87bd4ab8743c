#include "runtime/time/timer_queue.hpp"

#include <utility>

#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

TimerQueue::~TimerQueue() {
  for (TimerEntry* entry : heap_) {
    entry->queue = nullptr;
    entry->index = TimerEntry::not_queued;
  }
}

void TimerQueue::place(std::size_t i, TimerEntry* entry) {
  heap_[i] = entry;
  entry->index = i;
}

void TimerQueue::sift_up(std::size_t i) {
  TimerEntry* entry = heap_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (heap_[parent]->deadline <= entry->deadline) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, entry);
}

void TimerQueue::sift_down(std::size_t i) {
  TimerEntry* entry = heap_[i];
  std::size_t n = heap_.size();
  while (true) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_[child + 1]->deadline < heap_[child]->deadline) ++child;
    if (entry->deadline <= heap_[child]->deadline) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, entry);
}

void TimerQueue::insert(TimerEntry* entry) {
  entry->queue = this;
  entry->fired = false;
  heap_.push_back(entry);
  sift_up(heap_.size() - 1);
}

void TimerQueue::remove(TimerEntry* entry) {
  std::size_t i = entry->index;
  entry->queue = nullptr;
  entry->index = TimerEntry::not_queued;
  TimerEntry* last = heap_.back();
  heap_.pop_back();
  if (last == entry) return;
  place(i, last);
  sift_up(i);
  sift_down(last->index);
}

std::optional<Clock::time_point> TimerQueue::next_deadline() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front()->deadline;
}

std::size_t TimerQueue::fire_expired(Clock::time_point now) {
  std::size_t fired = 0;
  while (!heap_.empty() && heap_.front()->deadline <= now) {
    TimerEntry* entry = heap_.front();
    remove(entry);
    entry->fired = true;
    Waker waker = std::move(entry->waker);
    wake_because({WakeCause::Kind::timer, "deadline passed"}, [&] { waker.wake(); });  // may drop the sleeping future, so `entry` is not touched after
    ++fired;
  }
  return fired;
}

}  // namespace asyncplay
