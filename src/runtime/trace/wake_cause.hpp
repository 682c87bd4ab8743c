#pragma once
// WakeCause: why a task was woken, for the tracer. Whoever is about to wake
// tasks — the reactor for a ready descriptor, the browser for a WebSocket
// event, the timer queue, a channel — names the cause for the length of a
// scope; the executor reads it when a wake schedules a task. With no tracer
// installed anywhere a CauseScope does nothing but test one flag.
//
//   { CauseScope cause({WakeCause::Kind::fd, "readable", fd}); reader.wake(); }
//
// A wake inside a task's poll with no scope around it is caused by that task.
// On hot paths, wake_because(cause, [&] { ... }) does the same with one test.
#include <cstdint>
#include <new>

#include "runtime/trace/tracing_anywhere.hpp"

namespace asyncplay {

struct WakeCause {
  enum class Kind : std::uint8_t {
    unknown,
    task,       // another task: what, e.g. "mpsc send"; id: the task (filled by the executor)
    yield,      // the task gave way on purpose (yield_now): not a self-wake lint
    fd,         // the reactor: what "readable" / "writable"; id: the descriptor
    websocket,  // a browser WebSocket event: what "open" / "message" / "close" / "error"; id: the socket
    local,      // a message on a connection to or from the in-browser host: what "data" / "credit" / "eof" / "close"
                // / "accepted" / "refused"; id: the connection; amount: bytes
    timer,      // a deadline passed: amount, the timer's length in ms
    thread,     // another thread (spawn_blocking, a remote Waker)
  };
  Kind kind = Kind::unknown;
  const char* what = "";      // a few static words
  std::int64_t id = 0;        // descriptor, WebSocket number or task id; 0 for none
  std::int64_t amount = -1;   // bytes of a message, a close code, a timer's ms; -1 for none
};

namespace detail {
// The cause named by the innermost CauseScope on this thread, or null.
const WakeCause* current_wake_cause();
void set_wake_cause(const WakeCause* cause);
}  // namespace detail

class CauseScope {
 public:
  // With no tracer anywhere this is one load and a branch: the cause is not
  // even copied (wakes are the hot path of every channel and of the reactor).
  explicit CauseScope(const WakeCause& cause) : active_(detail::tracing_anywhere()) {
    if (active_) [[unlikely]] enter(cause);
  }
  CauseScope(const CauseScope&) = delete;
  CauseScope& operator=(const CauseScope&) = delete;
  ~CauseScope() {
    if (active_) [[unlikely]] detail::set_wake_cause(outer_);
  }

 private:
  void enter(const WakeCause& cause) {
    const WakeCause* copy = new (storage_) WakeCause(cause);  // trivially destructible: nothing to undo
    outer_ = detail::current_wake_cause();
    detail::set_wake_cause(copy);
  }

  alignas(WakeCause) unsigned char storage_[sizeof(WakeCause)];  // the cause, only while active
  const WakeCause* outer_;  // read only while active
  bool active_;
};

// Runs `wake` with `cause` named. A CauseScope tests its flag twice (entering
// and leaving) and keeps it across the wake; this tests it once, which shows
// on a path as short as a yield (bench/README.md, "Tracing").
template <class Wake>
inline void wake_because(const WakeCause& cause, Wake&& wake) {
  if (detail::tracing_anywhere()) [[unlikely]] {
    CauseScope scope(cause);
    wake();
  } else {
    wake();
  }
}

}  // namespace asyncplay

#include <string>

namespace asyncplay {
// The cause in words: "WebSocket 3 message of 120 bytes", "fd 7 readable",
// "timer", "task 2 (mpsc send)", "another thread".
std::string describe(const WakeCause& cause);
}  // namespace asyncplay
