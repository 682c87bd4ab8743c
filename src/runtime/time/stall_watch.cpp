#include "runtime/time/stall_watch.hpp"

#include <string>

#include "runtime/time/sleep.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

StallWatch::~StallWatch() {
  waits_.for_each([&](detail::Waiter* node) { waits_.remove(node); });
}

void StallWatch::link(detail::StallNode& node) {
  node.looks = 0;
  waits_.push_back(&node);
  if (watched_++ == 0) first_.notify_one();
}

void StallWatch::unlink(detail::StallNode& node) {
  waits_.remove(&node);
  --watched_;
}

Task<void> StallWatch::run() {
  const Clock::duration period = limit_ / kTicksPerLimit;
  while (true) {
    while (waits_.empty()) co_await first_.notified();  // woken by the first wait linked into the empty list
    co_await sleep(period);
    tick();
  }
}

void StallWatch::tick() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit_).count();
  waits_.for_each([&](detail::Waiter* waiter) {
    auto* node = static_cast<detail::StallNode*>(waiter);
    // A wait's first look comes within a period of its start, so the fifth
    // comes more than the limit after it.
    if (++node->looks > kTicksPerLimit) {
      unlink(*node);
      node->stalled = true;
      wake_because({WakeCause::Kind::timer, "stall watch", 0, ms}, [&] { node->waker.wake(); });
    }
  });
}

Error StallWatch::timed_out() const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit_).count();
  return Error(std::errc::timed_out, "timed out after " + std::to_string(ms) + " ms");
}

}  // namespace asyncplay
