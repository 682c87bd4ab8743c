#pragma once
// Context: what poll() is given. It carries the current task's Waker, as
// Rust's Context does; a future that returns Pending clones it to be woken
// later. While a tracer watches, it also lends the poll's PollTrace, through
// which Tasks report their await sites and leaf futures what they wait for:
//
//   if (auto* trace = cx.trace()) trace->waits_for("timer 200 ms");
#include "runtime/waker.hpp"

namespace asyncplay {

class PollTrace;

class Context {
 public:
  explicit Context(const Waker& waker, PollTrace* trace = nullptr) : waker_(waker), trace_(trace) {}
  const Waker& waker() const { return waker_; }
  // Null unless a tracer is installed: then the poll's trace (trace/poll_trace.hpp).
  PollTrace* trace() const { return trace_; }

 private:
  const Waker& waker_;  // borrowed for the length of one poll
  PollTrace* trace_;    // borrowed likewise; null when nobody traces
};

}  // namespace asyncplay
