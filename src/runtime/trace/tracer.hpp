#pragma once
// Tracer: lets a playground watch the executor work. When one is installed the
// executor reports every TraceEvent (trace_event.hpp) to it, on the executor's
// thread. With none installed no event is built: the cost is one predictable
// branch where each would be.
#include "runtime/trace/trace_event.hpp"

namespace asyncplay {

class Tracer {
 public:
  virtual ~Tracer() = default;
  virtual void on_event(const TraceEvent& event) = 0;
};

// What the executor checks for its lints.
struct LintRules {
  Clock::duration long_poll = std::chrono::milliseconds(50);  // a poll longer than this blocked the others
  unsigned self_wake_streak = 10;  // polls in a row rescheduled only by the task itself
};

}  // namespace asyncplay
