#include "trace/chrome_trace.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "trace/event_json.hpp"

namespace asyncplay::trace {
namespace {

constexpr int kPid = 1;
constexpr TaskId kEventsTrack = 0;  // the reactor, timers and WebSocket events

double us(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

nlohmann::json base(const char* ph, std::string name, TaskId tid, double ts) {
  return {{"ph", ph}, {"name", std::move(name)}, {"pid", kPid}, {"tid", tid}, {"ts", ts}};
}

std::string track_name(const TraceEvent& event) {
  return "task " + std::to_string(event.task) + (event.name.empty() ? "" : " " + std::string(event.name));
}

}  // namespace

ChromeTrace::ChromeTrace(Sink sink, Clock::time_point origin) : sink_(std::move(sink)), origin_(origin) {
  sink_("[");
  nlohmann::json process = base("M", "process_name", kEventsTrack, 0);
  process["args"] = {{"name", "asyncplay"}};
  emit(process.dump());
  nlohmann::json events = base("M", "thread_name", kEventsTrack, 0);
  events["args"] = {{"name", "events (reactor, timers, WebSocket)"}};
  emit(events.dump());
}

// One piece per event, separator first: a file cut after any piece is a
// whole array but for its closing bracket.
void ChromeTrace::emit(const std::string& json) {
  sink_((first_ ? "\n" : ",\n") + json);
  first_ = false;
}

void ChromeTrace::add(const TraceEvent& event) {
  if (finished_) return;
  double ts = us(event.at - origin_);
  auto dump = [](const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); };
  switch (event.kind) {
    case TraceKind::spawn: {
      nlohmann::json name = base("M", "thread_name", event.task, ts);
      name["args"] = {{"name", track_name(event)}};
      emit(dump(name));
      nlohmann::json sort = base("M", "thread_sort_index", event.task, ts);
      sort["args"] = {{"sort_index", event.task}};
      emit(dump(sort));
      nlohmann::json spawned = base("i", "spawn", event.task, ts);
      spawned["s"] = "t";
      spawned["args"] = {{"site", event.site.label()}, {"function", event.site.function}, {"parent", event.parent}};
      emit(dump(spawned));
      break;
    }
    case TraceKind::poll: {
      poll_started_[event.task] = event.at;
      if (event.wake_id != 0) {
        nlohmann::json end = base("f", "wake", event.task, ts);
        end["id"] = event.wake_id;
        end["cat"] = "wake";
        end["bp"] = "e";  // binds to the poll slice that starts here
        emit(dump(end));
      }
      break;
    }
    case TraceKind::pending:
    case TraceKind::ready: {
      auto started = poll_started_.find(event.task);
      Clock::time_point begin = started == poll_started_.end() ? event.at - event.busy : started->second;
      if (started != poll_started_.end()) poll_started_.erase(started);
      bool pending = event.kind == TraceKind::pending;
      std::string name = pending ? "poll: Pending" : (event.failed ? "poll: Ready (threw)" : "poll: Ready");
      if (pending && !event.chain.empty()) name += " at " + event.chain.back().site.label();
      nlohmann::json slice = base("X", name, event.task, us(begin - origin_));
      slice["cat"] = "poll";
      slice["dur"] = us(event.at - begin);
      nlohmann::json args = {{"result", pending ? "Pending" : "Ready"}, {"busy_us", us(event.busy)}};
      if (pending) {
        nlohmann::json chain = nlohmann::json::array();
        for (const AwaitFrame& frame : event.chain) chain.push_back(frame.site.label() + " in " + frame.site.function);
        args["await_chain"] = std::move(chain);
        if (!event.chain.empty()) {
          args["at"] = event.chain.back().site.label();
          args["frame_bytes"] = event.chain.back().frame_bytes;
        }
        args["waits_for"] = std::vector<std::string>(event.waits.begin(), event.waits.end());
      }
      slice["args"] = std::move(args);
      emit(dump(slice));
      break;
    }
    case TraceKind::wake: {
      if (event.effect == WakeEffect::none) break;  // no poll follows from it
      bool by_task = event.cause.kind == WakeCause::Kind::task || event.cause.kind == WakeCause::Kind::yield;
      TaskId from = by_task ? static_cast<TaskId>(event.cause.id) : kEventsTrack;
      std::string cause = describe(event.cause);
      if (!by_task) {  // a flow needs a slice to start in: the event itself, on track 0
        nlohmann::json slice = base("X", cause, kEventsTrack, ts);
        slice["cat"] = "event";
        slice["dur"] = 1;
        slice["args"] = {{"woke", track_name(event)}};
        emit(dump(slice));
      }
      nlohmann::json start = base("s", "wake", from, ts);
      start["id"] = event.wake_id;
      start["cat"] = "wake";
      start["args"] = {{"cause", cause}, {"task", event.task}};
      emit(dump(start));
      break;
    }
    case TraceKind::cancel: {
      nlohmann::json cancelled = base("i", "cancelled", event.task, ts);
      cancelled["s"] = "t";
      emit(dump(cancelled));
      poll_started_.erase(event.task);
      break;
    }
    case TraceKind::waker:
      break;  // counted in the view; too many to draw
    case TraceKind::lint: {
      nlohmann::json lint = base("i", "lint: " + std::string(to_string(event.lint)), event.task, ts);
      lint["s"] = "t";
      lint["args"] = {{"text", std::string(event.text)}};
      emit(dump(lint));
      break;
    }
  }
}

void ChromeTrace::finish() {
  if (finished_) return;
  finished_ = true;
  sink_("\n]\n");
}

}  // namespace asyncplay::trace
