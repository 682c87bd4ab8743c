#pragma once
// EventWords: the event stream in words, a line per event, as the terminal's
// `trace on` and `asyncplay demo` print it:
//
//   +12.345 ms  task 3 get: Pending after 0.041 ms at cheapo_request.cpp:15 in cheapo_request, waits for WebSocket 1 open
//
// Waker clones and drops are left out (`tasks` counts them); everything else
// has a line.
#include <optional>
#include <string>
#include <unordered_map>

#include "runtime/trace/trace_event.hpp"

namespace asyncplay::trace {

class EventWords {
 public:
  explicit EventWords(Clock::time_point origin = Clock::now()) : origin_(origin) {}

  std::optional<std::string> line(const TraceEvent& event);

 private:
  Clock::time_point origin_;
  std::unordered_map<std::uint64_t, std::string> wake_causes_;  // wake id -> cause, until its poll
};

}  // namespace asyncplay::trace
