#pragma once
// The in-browser host's tasks for the pages' live view (docs/LOCAL_HOST.md):
// its executor traces only while some page watches. A page that starts
// watching first gets a prelude, a spawn event for each task alive then
// (the accept loops began before it looked), then the stream of events.
#include <string>

#include "trace/event_log.hpp"

namespace asyncplay::wasm {

class HostTrace {
 public:
  // Starts tracing (if it was not) and returns the prelude, a JSON array.
  std::string watch();
  void stop();  // nobody watches: the executor traces nothing
  // The events since the last take, a JSON array (docs/TRACE_EVENTS.md).
  std::string take() { return events_.take_json(); }
  // Milliseconds since the events' origin, on the events' clock.
  double now() const;

 private:
  trace::EventLog events_{5000};
  bool on_ = false;
};

}  // namespace asyncplay::wasm
