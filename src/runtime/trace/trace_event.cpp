// The words for the event stream's enums and causes, the thread's current
// wake cause, and the table of traced frame sizes.
#include "runtime/trace/trace_event.hpp"

#include <unordered_map>

#include "runtime/detail/frame_pool.hpp"

namespace asyncplay {

std::string_view to_string(TraceKind kind) {
  switch (kind) {
    case TraceKind::spawn: return "spawn";
    case TraceKind::poll: return "poll";
    case TraceKind::pending: return "pending";
    case TraceKind::ready: return "ready";
    case TraceKind::wake: return "wake";
    case TraceKind::cancel: return "cancel";
    case TraceKind::waker: return "waker";
    case TraceKind::lint: return "lint";
  }
  return "?";
}

std::string_view to_string(WakeEffect effect) {
  switch (effect) {
    case WakeEffect::scheduled: return "scheduled";
    case WakeEffect::repoll: return "repoll";
    case WakeEffect::none: return "none";
  }
  return "?";
}

std::string_view to_string(Lint lint) {
  switch (lint) {
    case Lint::lost_waker: return "lost-waker";
    case Lint::long_poll: return "long-poll";
    case Lint::self_wake: return "self-wake";
  }
  return "?";
}

std::string_view to_string(WakeCause::Kind kind) {
  switch (kind) {
    case WakeCause::Kind::unknown: return "unknown";
    case WakeCause::Kind::task: return "task";
    case WakeCause::Kind::yield: return "yield";
    case WakeCause::Kind::fd: return "fd";
    case WakeCause::Kind::websocket: return "websocket";
    case WakeCause::Kind::local: return "local";
    case WakeCause::Kind::timer: return "timer";
    case WakeCause::Kind::thread: return "thread";
  }
  return "?";
}

std::string describe(const WakeCause& cause) {
  std::string what = cause.what;
  std::string id = std::to_string(cause.id);
  switch (cause.kind) {
    case WakeCause::Kind::unknown: return what.empty() ? "outside any task" : what;
    case WakeCause::Kind::task: return "task " + id + (what.empty() ? "" : " (" + what + ")");
    case WakeCause::Kind::yield: return "task " + id + " (yield_now)";
    case WakeCause::Kind::fd: return "fd " + id + " " + what;
    case WakeCause::Kind::websocket: {
      std::string text = "WebSocket " + id + " " + what;
      if (cause.amount < 0) return text;
      return text + (what == std::string_view("close") ? " code " : " of ") + std::to_string(cause.amount) +
             (what == std::string_view("close") ? "" : " bytes");
    }
    case WakeCause::Kind::local: {
      std::string text = "in-browser connection " + id + " " + what;
      return cause.amount < 0 ? text : text + " of " + std::to_string(cause.amount) + " bytes";
    }
    case WakeCause::Kind::timer:
      return cause.amount < 0 ? "timer" : "timer " + std::to_string(cause.amount) + " ms";
    case WakeCause::Kind::thread: return what.empty() ? "another thread" : what;
  }
  return what;
}

namespace detail {
namespace {
thread_local const WakeCause* t_cause = nullptr;

// Frame sizes by address. A frame freed after the thread's table is gone
// (at thread exit) finds t_frames_gone and does not look.
thread_local bool t_frames_gone = false;
struct FrameTable {
  std::unordered_map<const void*, std::uint32_t> sizes;
  ~FrameTable() {
    t_frames_gone = true;
    noted_frames.fetch_sub(sizes.size(), std::memory_order_relaxed);
    sizes.clear();
  }
};
thread_local FrameTable t_frames;
}  // namespace

const WakeCause* current_wake_cause() { return t_cause; }
void set_wake_cause(const WakeCause* cause) { t_cause = cause; }

void note_frame(const void* frame, std::size_t bytes) {
  if (t_frames_gone) return;
  if (t_frames.sizes.insert_or_assign(frame, static_cast<std::uint32_t>(bytes)).second) {
    noted_frames.fetch_add(1, std::memory_order_relaxed);
  }
}

void forget_frame(const void* frame) {
  if (t_frames_gone) return;
  if (t_frames.sizes.erase(frame)) noted_frames.fetch_sub(1, std::memory_order_relaxed);
}

namespace {
[[gnu::cold, gnu::noinline]] void* alloc_noted(std::size_t size) {
  void* frame = frame_alloc(size);
  note_frame(frame, size);
  return frame;
}
}  // namespace

// The common case is a tail call of frame_alloc.
void* task_frame_alloc(std::size_t size) {
  if (tracing_anywhere()) [[unlikely]] return alloc_noted(size);
  return frame_alloc(size);
}

void task_frame_free(void* frame, std::size_t size) noexcept {
  if (noted_frames.load(std::memory_order_relaxed) != 0) [[unlikely]] forget_frame(frame);
  frame_free(frame, size);
}

std::uint32_t frame_bytes(const void* frame) {
  if (t_frames_gone) return 0;
  auto it = t_frames.sizes.find(frame);
  return it == t_frames.sizes.end() ? 0 : it->second;
}

}  // namespace detail

void PollTrace::at_await(const char* file, std::uint32_t line, const char* function, const void* frame) {
  std::size_t level = depth_ == 0 ? 0 : depth_ - 1;
  if (chain_.size() > level) chain_.resize(level);
  while (chain_.size() < level) chain_.push_back({});  // a level whose site is not known (traced since)
  chain_.push_back({AwaitSite{file, function, line}, detail::frame_bytes(frame)});
}

void PollTrace::waits_for(const char* what, std::int64_t number, const char* after) {
  std::string text = what;
  if (number >= 0) text += " " + std::to_string(number);
  if (*after) text += std::string(" ") + after;
  waits_.push_back(std::move(text));
}

void PollTrace::waits_forever(const char* what) {
  forever_ = true;
  waits_for(what);
}

}  // namespace asyncplay
