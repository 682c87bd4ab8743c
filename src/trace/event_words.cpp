#include "trace/event_words.hpp"

#include <chrono>
#include <cstdio>

namespace asyncplay::trace {
namespace {

std::string ms(Clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", std::chrono::duration<double, std::milli>(d).count());
  return text;
}

// Where the task is parked, said from the code a person reads first: the
// innermost await outside the runtime's own layers, then (if deeper) the
// runtime's await it is inside: "at cheapo_request.cpp:15 in cheapo_request
// (inside connect_through_relay, tcp_stream_websocket.cpp:203)".
std::string parked_at(const TraceEvent& event) {
  if (event.chain.empty() || event.chain.back().site.line == 0) return "";
  const AwaitFrame& last = event.chain.back();
  const AwaitFrame* shown = &last;
  for (auto it = event.chain.rbegin(); it != event.chain.rend(); ++it) {
    if (it->site.line != 0 && !it->site.in_runtime_layers()) {
      shown = &*it;
      break;
    }
  }
  std::string text = " at " + shown->site.label() + " in " + shown->site.function;
  if (shown != &last) text += std::string(" (inside ") + last.site.function + ", " + last.site.label() + ")";
  return text;
}

std::string waits(const TraceEvent& event) {
  std::string text;
  for (const std::string& what : event.waits) text += (text.empty() ? ", waits for " : " and ") + what;
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
  std::string who = "task " + std::to_string(event.task) + (event.name.empty() ? "" : " " + printable(event.name));
  std::string what;
  switch (event.kind) {
    case TraceKind::spawn:
      what = "spawned at " + event.site.label() + " in " + event.site.function +
             (event.parent ? " by task " + std::to_string(event.parent) : "") +
             "; nothing runs until its first poll";
      break;
    case TraceKind::poll: {
      auto cause = wake_causes_.find(event.wake_id);
      if (event.wake_id == 0) {
        what = "first poll: the body runs up to its first co_await that is not ready";
      } else if (cause != wake_causes_.end()) {
        what = "polled (woken by " + cause->second + "): resumes where it stopped";
        wake_causes_.erase(cause);
      } else {
        what = "polled: resumes where it stopped";
      }
      break;
    }
    case TraceKind::pending:
      what = "Pending after " + ms(event.busy) + parked_at(event) + waits(event);
      break;
    case TraceKind::ready:
      what = std::string(event.failed ? "Ready (it threw)" : "Ready") + " after " + ms(event.busy);
      break;
    case TraceKind::wake:
      what = "woken by " + describe(event.cause);
      if (wake_causes_.size() > 10000) wake_causes_.clear();  // wakes whose task was dropped before its poll
      if (event.effect == WakeEffect::scheduled) {
        wake_causes_[event.wake_id] = describe(event.cause);
        what += "; scheduled";
      } else if (event.effect == WakeEffect::repoll) {
        wake_causes_[event.wake_id] = describe(event.cause);
        what += " during its own poll; polled again right after";
      } else {
        what += " (already scheduled)";
      }
      break;
    case TraceKind::cancel:
      what = "cancelled: its future was dropped";
      break;
    case TraceKind::waker:
      return std::nullopt;
    case TraceKind::lint:
      what = "lint " + std::string(to_string(event.lint)) + ": " + std::string(event.text);
      break;
  }
  char when[32];
  std::snprintf(when, sizeof when, "+%.3f ms", std::chrono::duration<double, std::milli>(event.at - origin_).count());
  return std::string(when) + "  " + who + ": " + what;
}

}  // namespace asyncplay::trace
