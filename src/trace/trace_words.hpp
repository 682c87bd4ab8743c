#pragma once
// TraceWords: the sentences EventWords builds its lines from, one table per
// language. English (trace_words_en.cpp) is the trace layer's own, for the
// native program; the page's console brings its Spanish (wasm/). {name}
// marks what is filled in. The book's terms stay in both: poll, Pending,
// Ready, spawn, co_await.
#include "words/phrases.hpp"

namespace asyncplay::trace {

struct TraceWords {
  char decimal_point;      // '.' or ','
  const char* task;        // {id}: "task 3"
  const char* spawned;     // {site} {function}
  const char* spawned_by;  // {site} {function} {parent}
  const char* first_poll;
  const char* polled_woken;  // {cause}
  const char* polled;
  const char* pending;        // {busy}: then where, then what it waits for
  const char* parked_at;      // {site} {function}
  const char* parked_inside;  // {function} {site}: the runtime's await it is inside
  const char* waits_for;      // {what}: the first
  const char* and_waits_for;  // {what}: each after it
  const char* ready;          // {busy}
  const char* ready_threw;    // {busy}
  const char* woken;          // {cause}
  const char* scheduled;
  const char* repoll;
  const char* already_scheduled;
  const char* cancelled;
  const char* lint;  // {lint} {text}
  // What woke a task, from its cause (runtime/trace/wake_cause.hpp).
  const char* cause_outside;          // no task, no event: e.g. main
  const char* cause_task;             // {id}
  const char* cause_task_what;        // {id} {what}
  const char* cause_yield;            // {id}
  const char* cause_fd;               // {id} {what}
  const char* cause_websocket;        // {id} {what}
  const char* cause_websocket_bytes;  // {id} {what} {n}
  const char* cause_websocket_code;   // {id} {what} {n}: a close
  const char* cause_local;            // {id} {what}
  const char* cause_local_bytes;      // {id} {what} {n}
  const char* cause_timer;
  const char* cause_timer_ms;  // {n}
  const char* cause_thread;
  // The runtime's fixed pieces (waits, a cause's what, lint texts), said again.
  const words::Phrases* phrases;
};

extern const TraceWords kEnglishTraceWords;

}  // namespace asyncplay::trace
