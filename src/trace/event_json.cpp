#include "trace/event_json.hpp"

#include <chrono>
#include <cmath>

namespace asyncplay::trace {
namespace {

// Milliseconds, rounded to the microsecond: enough for a person, short in JSON.
double ms(Clock::duration d) {
  return std::round(std::chrono::duration<double, std::micro>(d).count()) / 1000.0;
}

}  // namespace

nlohmann::json to_json(const AwaitFrame& frame) {
  return {{"file", std::string(frame.site.short_file())},
          {"line", frame.site.line},
          {"fn", frame.site.function},
          {"frame", frame.frame_bytes},
          {"lib", frame.site.in_runtime_layers()}};
}

nlohmann::json to_json(const TraceEvent& event, Clock::time_point origin) {
  nlohmann::json j = {{"e", to_string(event.kind)}, {"t", ms(event.at - origin)}, {"task", event.task}};
  switch (event.kind) {
    case TraceKind::spawn:
      j["name"] = std::string(event.name);
      j["parent"] = event.parent;
      j["site"] = to_json(AwaitFrame{event.site, 0});
      break;
    case TraceKind::poll:
      j["wake"] = event.wake_id;
      break;
    case TraceKind::pending: {
      j["busy"] = ms(event.busy);
      nlohmann::json at = nlohmann::json::array();
      for (const AwaitFrame& frame : event.chain) at.push_back(to_json(frame));
      j["at"] = std::move(at);
      j["waits"] = std::vector<std::string>(event.waits.begin(), event.waits.end());
      break;
    }
    case TraceKind::ready:
      j["busy"] = ms(event.busy);
      j["failed"] = event.failed;
      break;
    case TraceKind::wake: {
      bool by_task = event.cause.kind == WakeCause::Kind::task || event.cause.kind == WakeCause::Kind::yield;
      j["wake"] = event.wake_id;
      j["cause"] = {{"kind", to_string(event.cause.kind)}, {"text", describe(event.cause)}};
      j["by"] = by_task ? event.cause.id : 0;
      j["effect"] = to_string(event.effect);
      break;
    }
    case TraceKind::cancel:
      break;
    case TraceKind::waker:
      j["op"] = event.cloned ? "clone" : "drop";
      j["held"] = event.held;
      break;
    case TraceKind::lint:
      j["lint"] = to_string(event.lint);
      j["text"] = std::string(event.text);
      break;
  }
  return j;
}

}  // namespace asyncplay::trace
