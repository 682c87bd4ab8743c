#pragma once
// EventLog: a Tracer that keeps the last `capacity` events, for the page: the
// live view takes what is new as JSON each frame; Download trace writes all
// that is kept in the Chrome trace format. Bounded: past the capacity the
// oldest go, and what the view had not taken yet is counted as lost.
#include <cstddef>
#include <deque>
#include <chrono>
#include <functional>
#include <string>

#include "runtime/trace/tracer.hpp"
#include "trace/recorded_event.hpp"

namespace asyncplay::trace {

class EventLog final : public Tracer {
 public:
  explicit EventLog(std::size_t capacity = 50000, Clock::time_point origin = Clock::now())
      : capacity_(capacity), origin_(origin) {}

  void on_event(const TraceEvent& event) override;
  // Also called with each event as it comes (the terminal's `trace on`).
  void set_listener(std::function<void(const TraceEvent&)> listener) { listener_ = std::move(listener); }

  // The events since the last call, as a JSON array (docs/TRACE_EVENTS.md).
  std::string take_json();
  // Every event kept, in the Chrome trace event format.
  std::string chrome_trace() const;
  void clear();

  std::size_t size() const { return events_.size(); }
  std::size_t lints() const { return lints_; }  // lint events seen since the start
  Clock::time_point origin() const { return origin_; }

 private:
  std::size_t capacity_;
  Clock::time_point origin_;
  std::deque<RecordedEvent> events_;
  std::size_t untaken_ = 0;  // the newest events that take_json has not given yet
  std::size_t lost_ = 0;     // events that went before take_json gave them
  std::size_t lints_ = 0;
  std::function<void(const TraceEvent&)> listener_;
};

}  // namespace asyncplay::trace
