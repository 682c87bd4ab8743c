#pragma once
// Waker: a handle that tells an executor "poll this task again".
// Like Rust's RawWaker it is a data pointer plus a table of four functions, so any
// executor (or a test) can define what waking means. A Waker may be cloned, kept,
// woken many times, and woken from any thread; waking a task that has finished or
// was cancelled does nothing.
#include <utility>

namespace asyncplay {

struct WakerVtable {
  void (*clone)(void* data);        // take one more reference to data
  void (*wake)(void* data);         // wake, consuming one reference
  void (*wake_by_ref)(void* data);  // wake, keeping the reference
  void (*drop)(void* data);         // release one reference
};

class Waker {
 public:
  Waker() = default;  // an empty waker: waking it does nothing
  // Adopts one reference to data; the Waker releases it when destroyed.
  Waker(const WakerVtable* vtable, void* data) : vtable_(vtable), data_(data) {}

  Waker(const Waker& other) : vtable_(other.vtable_), data_(other.data_) {
    if (vtable_) vtable_->clone(data_);
  }
  Waker(Waker&& other) noexcept
      : vtable_(std::exchange(other.vtable_, nullptr)), data_(other.data_) {}
  Waker& operator=(Waker other) noexcept {
    std::swap(vtable_, other.vtable_);
    std::swap(data_, other.data_);
    return *this;
  }
  ~Waker() {
    if (vtable_) vtable_->drop(data_);
  }

  // Wakes and empties this Waker.
  void wake() {
    if (auto* vt = std::exchange(vtable_, nullptr)) vt->wake(data_);
  }
  void wake_by_ref() const {
    if (vtable_) vtable_->wake_by_ref(data_);
  }
  // True when both would wake the same task: lets a future skip re-cloning.
  bool will_wake(const Waker& other) const {
    return vtable_ == other.vtable_ && data_ == other.data_;
  }
  // Replaces this Waker with a clone of `other` unless both wake the same task.
  void set(const Waker& other) {
    if (!will_wake(other)) *this = other;
  }
  explicit operator bool() const { return vtable_ != nullptr; }

  // Lets go of the data without releasing the reference: for wakers that
  // borrow a reference owned elsewhere (see Executor's poll loop).
  void forget() { vtable_ = nullptr; }

 private:
  const WakerVtable* vtable_ = nullptr;  // null means empty
  void* data_ = nullptr;                 // what the vtable's functions act on
};

}  // namespace asyncplay
