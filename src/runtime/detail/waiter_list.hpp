#pragma once
// WaiterList: the futures parked on a channel, as an intrusive FIFO of nodes that
// live inside those futures (no allocation to wait). A future unlinks its node
// when dropped, so a cancelled waiter leaves nothing behind.
#include <utility>

#include "runtime/waker.hpp"

namespace asyncplay::detail {

struct Waiter {
  Waker waker;
  Waiter* prev = nullptr;
  Waiter* next = nullptr;
  bool linked = false;
  bool woken = false;  // taken off the list by a wake, not yet polled
};

class WaiterList {
 public:
  bool empty() const { return head_ == nullptr; }

  void push_back(Waiter* w) {
    w->prev = tail_;
    w->next = nullptr;
    if (tail_) tail_->next = w;
    else head_ = w;
    tail_ = w;
    w->linked = true;
    w->woken = false;
  }

  void remove(Waiter* w) {
    if (!w->linked) return;
    if (w->prev) w->prev->next = w->next;
    else head_ = w->next;
    if (w->next) w->next->prev = w->prev;
    else tail_ = w->prev;
    w->prev = w->next = nullptr;
    w->linked = false;
  }

  // Unlinks the first waiter and wakes it; false when there was none.
  bool wake_one() {
    Waiter* w = head_;
    if (!w) return false;
    remove(w);
    w->woken = true;
    Waker waker = std::move(w->waker);
    waker.wake();
    return true;
  }

  void wake_all() {
    while (wake_one()) {
    }
  }

  // Calls f(w) for each waiter, first to last; f may remove w (only w).
  template <class F>
  void for_each(F f) {
    for (Waiter* w = head_; w;) {
      Waiter* next = w->next;
      f(w);
      w = next;
    }
  }

 private:
  Waiter* head_ = nullptr;
  Waiter* tail_ = nullptr;
};

}  // namespace asyncplay::detail
