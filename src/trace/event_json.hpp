#pragma once
// A TraceEvent as the JSON object the page reads (docs/TRACE_EVENTS.md).
#include <nlohmann/json.hpp>

#include "runtime/trace/trace_event.hpp"

namespace asyncplay::trace {

// `origin`: the moment times are counted from (t is in ms since then).
nlohmann::json to_json(const TraceEvent& event, Clock::time_point origin);
nlohmann::json to_json(const AwaitFrame& frame);

}  // namespace asyncplay::trace
