// The trace's words in English (trace_words.hpp): the runtime's own, so its
// pieces need no phrases.
#include "trace/trace_words.hpp"

namespace asyncplay::trace {
namespace {
const words::Phrases kNone;
}  // namespace

const TraceWords kEnglishTraceWords{
    .decimal_point = '.',
    .task = "task {id}",
    .spawned = "spawned at {site} in {function}; nothing runs until its first poll",
    .spawned_by = "spawned at {site} in {function} by task {parent}; nothing runs until its first poll",
    .first_poll = "first poll: the body runs up to its first co_await that is not ready",
    .polled_woken = "polled (woken by {cause}): resumes where it stopped",
    .polled = "polled: resumes where it stopped",
    .pending = "Pending after {busy}",
    .parked_at = " at {site} in {function}",
    .parked_inside = " (inside {function}, {site})",
    .waits_for = ", waits for {what}",
    .and_waits_for = " and {what}",
    .ready = "Ready after {busy}",
    .ready_threw = "Ready (it threw) after {busy}",
    .woken = "woken by {cause}",
    .scheduled = "; scheduled",
    .repoll = " during its own poll; polled again right after",
    .already_scheduled = " (already scheduled)",
    .cancelled = "cancelled: its future was dropped",
    .lint = "lint {lint}: {text}",
    .cause_outside = "outside any task",
    .cause_task = "task {id}",
    .cause_task_what = "task {id} ({what})",
    .cause_yield = "task {id} (yield_now)",
    .cause_fd = "fd {id} {what}",
    .cause_websocket = "WebSocket {id} {what}",
    .cause_websocket_bytes = "WebSocket {id} {what} of {n} bytes",
    .cause_websocket_code = "WebSocket {id} {what} code {n}",
    .cause_local = "in-browser connection {id} {what}",
    .cause_local_bytes = "in-browser connection {id} {what} of {n} bytes",
    .cause_timer = "timer",
    .cause_timer_ms = "timer {n} ms",
    .cause_thread = "another thread",
    .phrases = &kNone,
};

}  // namespace asyncplay::trace
