#pragma once
// ChromeTrace: the event stream in the Chrome trace event format (a JSON
// array), which Perfetto's UI and chrome://tracing open. Its shape:
//   - a track per task (tid = task id, named "task 3 get"), and track 0 for
//     what is not a task (the reactor, timers, WebSocket events);
//   - a complete slice ("X") per poll, named by its result, with the await
//     site, what it waits for, the await chain and the frame size in args;
//   - a flow ("s" -> "f") from each wake, on the waking task's track or on
//     track 0, to the poll it led to;
//   - instant events for spawns, cancellations and lints.
// Each event is handed to `sink` as one piece of text, ready to append.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "runtime/trace/trace_event.hpp"

namespace asyncplay::trace {

class ChromeTrace {
 public:
  using Sink = std::function<void(std::string_view)>;
  ChromeTrace(Sink sink, Clock::time_point origin);

  void add(const TraceEvent& event);
  // The closing bracket (the format allows a file without it, e.g. after a kill).
  void finish();

 private:
  void emit(const std::string& json);

  Sink sink_;
  Clock::time_point origin_;
  bool first_ = true;
  bool finished_ = false;
  std::unordered_map<TaskId, Clock::time_point> poll_started_;  // tasks in a poll now
};

}  // namespace asyncplay::trace
