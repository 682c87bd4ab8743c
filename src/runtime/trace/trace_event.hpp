#pragma once
// TraceEvent: one thing the executor did, as the tracer receives it. Every
// view of the runtime (the terminal's `trace on`, the page's live view, the
// Chrome trace file) is built from this one stream; docs/TRACE_EVENTS.md
// lists the events and their fields.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/driver.hpp"
#include "runtime/trace/await_site.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

using TaskId = std::uint64_t;

enum class TraceKind : std::uint8_t {
  spawn,    // a task was created (parent, site); its first poll follows
  poll,     // a poll starts (wake_id: the wake that scheduled it; 0: the first poll)
  pending,  // the poll returned Pending (busy, chain, waits)
  ready,    // the poll returned Ready (busy; failed: it threw): the task is done
  wake,     // the task was woken (wake_id, cause, by, effect)
  cancel,   // dropped before completing
  waker,    // a waker of the task was cloned or dropped (cloned, held)
  lint,     // something looks wrong (lint, text)
};

enum class WakeEffect : std::uint8_t {
  scheduled,  // idle -> the run queue: the poll with this wake_id follows
  repoll,     // woken during its own poll: polled again right after
  none,       // already scheduled, or done
};

enum class Lint : std::uint8_t {
  lost_waker,  // Pending with no waker held anywhere: it can never be woken
  long_poll,   // one poll ran longer than the threshold: every other task waited
  self_wake,   // polls in a row rescheduled by nobody but itself (not yield_now)
};

struct TraceEvent {
  TraceKind kind;
  Clock::time_point at;
  TaskId task = 0;
  std::string_view name;  // the task's name; valid during the call
  // spawn
  TaskId parent = 0;      // the task that was running, or 0
  AwaitSite site{};       // where spawn was called
  // poll, wake
  std::uint64_t wake_id = 0;
  // pending, ready
  Clock::duration busy{};
  std::span<const AwaitFrame> chain;  // pending: outermost first; the last is where it is parked
  std::span<const std::string> waits;
  bool failed = false;
  // wake
  WakeCause cause{};
  WakeEffect effect = WakeEffect::none;
  // waker
  bool cloned = false;
  std::uint32_t held = 0;
  // lint
  Lint lint = Lint::lost_waker;
  std::string_view text;  // the lint in words
};

std::string_view to_string(TraceKind kind);
std::string_view to_string(WakeEffect effect);
std::string_view to_string(Lint lint);
std::string_view to_string(WakeCause::Kind kind);

}  // namespace asyncplay
