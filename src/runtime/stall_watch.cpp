#include "runtime/stall_watch.hpp"

#include <string>

#include "runtime/sleep.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

StallWatch::~StallWatch() {
  while (head_) unlink(*head_);
}

void StallWatch::link(detail::StallNode& node) {
  node.watch = this;
  node.looks = 0;
  node.prev = nullptr;
  node.next = head_;
  if (head_) head_->prev = &node;
  head_ = &node;
  if (watched_++ == 0) first_.notify_one();
}

void StallWatch::unlink(detail::StallNode& node) {
  StallWatch* watch = node.watch;
  if (!watch) return;
  if (node.prev) node.prev->next = node.next;
  else watch->head_ = node.next;
  if (node.next) node.next->prev = node.prev;
  node.prev = node.next = nullptr;
  node.watch = nullptr;
  --watch->watched_;
}

Task<void> StallWatch::run() {
  const Clock::duration period = limit_ / kTicksPerLimit;
  while (true) {
    while (!head_) co_await first_.notified();  // woken by the first wait linked into the empty list
    co_await sleep(period);
    tick();
  }
}

void StallWatch::tick() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit_).count();
  for (detail::StallNode* node = head_; node;) {
    detail::StallNode* next = node->next;
    // A wait's first look comes within a period of its start, so the fifth
    // comes more than the limit after it.
    if (++node->looks > kTicksPerLimit) {
      unlink(*node);
      node->stalled = true;
      wake_because({WakeCause::Kind::timer, "stall watch", 0, ms}, [&] { node->waker.wake(); });
    }
    node = next;
  }
}

Error StallWatch::timed_out() const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit_).count();
  return Error(std::errc::timed_out, "timed out after " + std::to_string(ms) + " ms");
}

}  // namespace asyncplay
