#pragma once
// Context: what poll() is given. Today it carries the current task's Waker, as
// Rust's Context does; a future that returns Pending clones it to be woken later.
#include "runtime/waker.hpp"

namespace asyncplay {

class Context {
 public:
  explicit Context(const Waker& waker) : waker_(waker) {}
  const Waker& waker() const { return waker_; }

 private:
  const Waker& waker_;  // borrowed for the length of one poll
};

}  // namespace asyncplay
