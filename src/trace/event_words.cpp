#include "trace/event_words.hpp"

#include <chrono>
#include <cstdio>

#include "words/fill.hpp"

namespace asyncplay::trace {

using words::fill;

std::string milliseconds(Clock::duration d, const TraceWords& words) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", std::chrono::duration<double, std::milli>(d).count());
  for (char& c : text) c = c == '.' ? words.decimal_point : c;
  return text;
}

std::string describe(const WakeCause& cause, const TraceWords& words) {
  std::string what = words.phrases->in_words(cause.what);
  std::string id = std::to_string(cause.id);
  std::string n = std::to_string(cause.amount);
  switch (cause.kind) {
    case WakeCause::Kind::unknown:
      return what.empty() ? words.cause_outside : what;
    case WakeCause::Kind::task:
      return what.empty() ? fill(words.cause_task, {{"id", id}})
                          : fill(words.cause_task_what, {{"id", id}, {"what", what}});
    case WakeCause::Kind::yield:
      return fill(words.cause_yield, {{"id", id}});
    case WakeCause::Kind::fd:
      return fill(words.cause_fd, {{"id", id}, {"what", what}});
    case WakeCause::Kind::websocket:
      if (cause.amount < 0) return fill(words.cause_websocket, {{"id", id}, {"what", what}});
      return fill(
          cause.what == std::string_view("close") ? words.cause_websocket_code : words.cause_websocket_bytes,
          {{"id", id}, {"what", what}, {"n", n}});
    case WakeCause::Kind::local:
      return fill(cause.amount < 0 ? words.cause_local : words.cause_local_bytes,
                  {{"id", id}, {"what", what}, {"n", n}});
    case WakeCause::Kind::timer:
      return cause.amount < 0 ? words.cause_timer : fill(words.cause_timer_ms, {{"n", n}});
    case WakeCause::Kind::thread:
      return what.empty() ? words.cause_thread : what;
  }
  return what;
}

namespace {

// Where the task is parked, said from the code a person reads first: the
// innermost await outside the runtime's own layers, then (if deeper) the
// runtime's await it is inside: "at cheapo_request.cpp:15 in cheapo_request
// (inside connect_through_relay, tcp_stream_websocket.cpp:203)".
std::string parked_at(const TraceEvent& event, const TraceWords& words) {
  if (event.chain.empty() || event.chain.back().site.line == 0) return "";
  const AwaitFrame& last = event.chain.back();
  const AwaitFrame* shown = &last;
  for (auto it = event.chain.rbegin(); it != event.chain.rend(); ++it) {
    if (it->site.line != 0 && !it->site.in_runtime_layers()) {
      shown = &*it;
      break;
    }
  }
  std::string text =
      fill(words.parked_at, {{"site", shown->site.label()}, {"function", shown->site.function}});
  if (shown != &last)
    text += fill(words.parked_inside, {{"function", last.site.function}, {"site", last.site.label()}});
  return text;
}

std::string waits(const TraceEvent& event, const TraceWords& words) {
  std::string text;
  for (const std::string& what : event.waits) {
    text +=
        fill(text.empty() ? words.waits_for : words.and_waits_for, {{"what", words.phrases->in_words(what)}});
  }
  return text;
}

// A task's name may hold what a person typed (a URL): control characters
// are shown escaped, never sent to the terminal as they are.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> EventWords::line(const TraceEvent& event) {
  const TraceWords& w = words_;
  std::string who = fill(w.task, {{"id", std::to_string(event.task)}}) +
                    (event.name.empty() ? "" : " " + printable(event.name));
  std::string what;
  switch (event.kind) {
    case TraceKind::spawn:
      what = fill(event.parent ? w.spawned_by : w.spawned, {{"site", event.site.label()},
                                                            {"function", event.site.function},
                                                            {"parent", std::to_string(event.parent)}});
      break;
    case TraceKind::poll: {
      auto cause = wake_causes_.find(event.wake_id);
      if (event.wake_id == 0) {
        what = w.first_poll;
      } else if (cause != wake_causes_.end()) {
        what = fill(w.polled_woken, {{"cause", cause->second}});
        wake_causes_.erase(cause);
      } else {
        what = w.polled;
      }
      break;
    }
    case TraceKind::pending:
      what = fill(w.pending, {{"busy", milliseconds(event.busy, w)}}) + parked_at(event, w) + waits(event, w);
      break;
    case TraceKind::ready:
      what = fill(event.failed ? w.ready_threw : w.ready, {{"busy", milliseconds(event.busy, w)}});
      break;
    case TraceKind::wake: {
      std::string cause = describe(event.cause, w);
      what = fill(w.woken, {{"cause", cause}});
      if (wake_causes_.size() > 10000) wake_causes_.clear();  // wakes whose task was dropped before its poll
      if (event.effect == WakeEffect::scheduled) {
        wake_causes_[event.wake_id] = cause;
        what += w.scheduled;
      } else if (event.effect == WakeEffect::repoll) {
        wake_causes_[event.wake_id] = cause;
        what += w.repoll;
      } else {
        what += w.already_scheduled;
      }
      break;
    }
    case TraceKind::cancel:
      what = w.cancelled;
      break;
    case TraceKind::waker:
      return std::nullopt;
    case TraceKind::lint:
      what = fill(w.lint,
                  {{"lint", std::string(to_string(event.lint))}, {"text", w.phrases->in_words(event.text)}});
      break;
  }
  return "+" + milliseconds(event.at - origin_, w) + "  " + who + ": " + what;
}

}  // namespace asyncplay::trace
