#pragma once
// Notify: "something changed, look again", without a value (tokio's Notify).
//
//   co_await notify.notified();   // waits for the next notify_one()
//   notify.notify_one();          // wakes the longest waiter, or leaves a permit
//
// With nobody waiting, notify_one() leaves one permit (never more): the next
// notified() is Ready at once. So a notification sent while the waiter is busy
// elsewhere is not lost, and a burst of them costs one wake. A waiter that was
// woken but dropped before its next poll hands the notification on. One
// executor's thread only.
#include <cassert>

#include "runtime/detail/waiter_list.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

class Notify {
 public:
  Notify() = default;
  Notify(const Notify&) = delete;
  Notify& operator=(const Notify&) = delete;

  void notify_one() {
    wake_because({WakeCause::Kind::task, "Notify"}, [&] {
      if (!waiting_.wake_one()) permit_ = true;
    });
  }

  class [[nodiscard]] Notified {
   public:
    using Output = void;
    explicit Notified(Notify& notify) : notify_(notify) {}
    Notified(Notified&& other) noexcept : notify_(other.notify_) {
      assert(!other.waiter_.linked && "a notified future must not move once polled");
    }
    ~Notified() {
      notify_.waiting_.remove(&waiter_);
      if (waiter_.woken) notify_.notify_one();  // woken but never saw it: pass it on
    }

    Poll<void> poll(Context& cx) {
      if (waiter_.woken) {
        waiter_.woken = false;
        return ready();
      }
      if (notify_.permit_) {
        notify_.permit_ = false;
        notify_.waiting_.remove(&waiter_);
        return ready();
      }
      waiter_.waker.set(cx.waker());
      if (!waiter_.linked) notify_.waiting_.push_back(&waiter_);
      if (auto* trace = cx.trace()) trace->waits_for("Notify");
      return pending;  // woken by the next notify_one() that finds it first in line
    }

   private:
    Notify& notify_;
    detail::Waiter waiter_;  // in `waiting_` while it waits
  };

  Notified notified() { return Notified(*this); }

 private:
  detail::WaiterList waiting_;
  bool permit_ = false;
};

}  // namespace asyncplay
