#pragma once
// EventWords: the event stream in words, a line per event, as the terminal's
// `trace on` and `asyncplay demo` print it:
//
//   +12.345 ms  task 3 get: Pending after 0.041 ms at cheapo_request.cpp:15 in cheapo_request, waits for WebSocket 1 open
//
// Waker clones and drops are left out (`tasks` counts them); everything else
// has a line. The sentences come from a TraceWords (English unless given).
#include <optional>
#include <string>
#include <unordered_map>

#include "runtime/trace/trace_event.hpp"
#include "trace/trace_words.hpp"

namespace asyncplay::trace {

class EventWords {
 public:
  explicit EventWords(Clock::time_point origin = Clock::now(), const TraceWords& words = kEnglishTraceWords)
      : origin_(origin), words_(words) {}

  std::optional<std::string> line(const TraceEvent& event);

 private:
  Clock::time_point origin_;
  const TraceWords& words_;
  std::unordered_map<std::uint64_t, std::string> wake_causes_;  // wake id -> cause, until its poll
};

// What woke a task, in `words`: "WebSocket 1 message of 120 bytes".
std::string describe(const WakeCause& cause, const TraceWords& words);
// "0.041 ms", with the table's decimal point.
std::string milliseconds(Clock::duration d, const TraceWords& words);

}  // namespace asyncplay::trace
