#pragma once
// StallWatch: many waits that must each end within a limit, checked by one
// timer instead of a timer each. timeout() puts every wait in the timer heap
// and reads the clock twice for it; a server with a thousand sends in flight
// at once pays that a thousand times a turn, though almost none ever times
// out. Here a wait costs two pointer links (a WaiterList node), and the
// watch's task, once every quarter of the limit while anything is watched,
// counts its looks at each wait: a wait seen five times has lasted longer
// than the limit and is ended.
//
//   StallWatch watch(30s);
//   tasks.spawn(watch.run(), "write stall watch");   // before the waits begin
//   auto n = co_await watch.limit(socket.write(data));   // Result, or timed_out
//
// A wait ends between the limit and 5/4 of it after its first poll, with
// std::errc::timed_out, its future dropped (as timeout()'s). With nothing
// watched the task waits for the first wait and no timer is queued. A watch
// destroyed first lets its waits go: they may then be dropped, not polled.
// One executor's thread only.
#include <cassert>
#include <chrono>
#include <optional>

#include "runtime/detail/waiter_list.hpp"
#include "runtime/future.hpp"
#include "runtime/sync/notify.hpp"
#include "runtime/task.hpp"
#include "runtime/time/timeout.hpp"
#include "runtime/waker.hpp"

namespace asyncplay {

class StallWatch;

namespace detail {
// A watched wait, linked into its watch's list from its first poll until it
// ends or is dropped (a node of the future: no allocation). Its waker is the
// waiting task's.
struct StallNode : Waiter {
  unsigned looks = 0;    // the watch's ticks since the wait began
  bool stalled = false;  // it went past the limit: the future's next poll ends it
};
}  // namespace detail

class StallWatch {
 public:
  explicit StallWatch(Clock::duration limit) : limit_(limit) {}
  StallWatch(const StallWatch&) = delete;
  StallWatch& operator=(const StallWatch&) = delete;
  ~StallWatch();

  Clock::duration limit() const { return limit_; }
  std::size_t watched() const { return watched_; }

  // The watch's task: it must run for the limit to hold.
  Task<void> run();

  template <Future F>
  class [[nodiscard]] Limited {
   public:
    using Output = typename detail::Flatten<OutputOf<F>>::type;

    Limited(StallWatch& watch, F future) : watch_(watch), future_(std::move(future)) {}
    Limited(Limited&& other) noexcept : watch_(other.watch_), future_(std::move(other.future_)) {
      assert(!other.node_.linked && "a limited future must not move once polled");
    }
    // A watch destroyed first has unlinked the node, so it is not touched.
    ~Limited() {
      if (node_.linked) watch_.unlink(node_);
    }

    Poll<Output> poll(Context& cx) {
      if (node_.stalled) {
        future_.reset();
        return Output(watch_.timed_out());
      }
      auto result = future_->poll(cx);
      if (result.is_ready()) {
        if (node_.linked) watch_.unlink(node_);
        if constexpr (std::is_void_v<OutputOf<F>>) {
          return Output();
        } else {
          return Output(result.take());
        }
      }
      node_.waker.set(cx.waker());
      if (!node_.linked) watch_.link(node_);
      return pending;  // woken by the future, or by the watch's task once the limit has passed
    }

   private:
    StallWatch& watch_;
    std::optional<F> future_;  // dropped when the limit passes
    detail::StallNode node_;
  };

  // `future`, ended as timed out once it has waited longer than the limit.
  template <Future F>
  Limited<F> limit(F future) {
    return Limited<F>(*this, std::move(future));
  }

 private:
  static constexpr unsigned kTicksPerLimit = 4;

  void link(detail::StallNode& node);
  void unlink(detail::StallNode& node);
  // One look at every wait; wakes those past the limit.
  void tick();
  Error timed_out() const;

  Clock::duration limit_;
  detail::WaiterList waits_;  // of StallNodes
  std::size_t watched_ = 0;
  Notify first_;  // a wait was linked into an empty list
};

}  // namespace asyncplay
