#pragma once
// RecordedEvent: a TraceEvent that owns what it points at, so it can be kept
// after the tracer's call returns (the page's event log, a replay).
#include <string>
#include <vector>

#include "runtime/trace/trace_event.hpp"

namespace asyncplay::trace {

class RecordedEvent {
 public:
  explicit RecordedEvent(const TraceEvent& event)
      : event_(event),
        name_(event.name),
        chain_(event.chain.begin(), event.chain.end()),
        waits_(event.waits.begin(), event.waits.end()),
        text_(event.text) {}

  // The event, pointing into this object: valid while it lives, unmoved.
  TraceEvent view() const {
    TraceEvent e = event_;
    e.name = name_;
    e.chain = chain_;
    e.waits = waits_;
    e.text = text_;
    return e;
  }

 private:
  TraceEvent event_;  // its views are replaced by the copies below
  std::string name_;
  std::vector<AwaitFrame> chain_;
  std::vector<std::string> waits_;
  std::string text_;
};

}  // namespace asyncplay::trace
