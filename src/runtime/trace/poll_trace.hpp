#pragma once
// PollTrace: what one poll of a task tells the tracer about itself. The
// executor lends one through the Context (cx.trace()) only while a tracer is
// installed; with none, cx.trace() is null and nothing here runs.
//
// A task's poll walks its chain of awaits: its Task awaits a Task that awaits
// ... a leaf future. Each Task's poll goes one level deeper (enter/leave);
// each co_await reached tells its site at the current level (await_transform
// does that, so no call site is annotated); each leaf that returns Pending
// says in a few words what it waits for. What a task is parked at is the
// chain of the last sites, outermost first, kept between polls.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/trace/await_site.hpp"
#include "runtime/trace/tracing_anywhere.hpp"

namespace asyncplay {

struct AwaitFrame {
  AwaitSite site;
  std::uint32_t frame_bytes = 0;  // the coroutine frame holding that function's locals; 0: unknown
};

class PollTrace {
 public:
  explicit PollTrace(std::vector<AwaitFrame>& chain) : chain_(chain) {}

  // Everything here is out of line and cold: a future's poll pays for its
  // trace only with a test of cx.trace() (bench/README.md, "Tracing").
  void enter_task() { ++depth_; }
  void leave_task() { --depth_; }
  // The Task body at the current level reached file:line in `function`; `frame` is its frame.
  [[gnu::cold]] void at_await(const char* file, std::uint32_t line, const char* function, const void* frame);
  // A leaf future is Pending, waiting for "what number after" ("timer 200 ms",
  // "JoinHandle of task 4", "WebSocket 3 open"); number -1: none.
  [[gnu::cold]] void waits_for(const char* what, std::int64_t number = -1, const char* after = "");
  // A leaf that keeps no waker on purpose (never()): not a lost waker.
  [[gnu::cold]] void waits_forever(const char* what);

  const std::vector<AwaitFrame>& chain() const { return chain_; }
  const std::vector<std::string>& waits() const { return waits_; }
  bool waits_forever() const { return forever_; }

 private:
  std::vector<AwaitFrame>& chain_;  // the task's, kept by the executor between polls
  std::size_t depth_ = 0;           // how many Task polls deep this poll is now
  std::vector<std::string> waits_;  // what the Pending leaves of this poll wait for
  bool forever_ = false;
};

namespace detail {
// The sizes of coroutine frames allocated while a tracer was installed, by
// frame address, for this thread (a frame is allocated and freed on its
// executor's thread). Only tracing writes them.
[[gnu::cold]] void note_frame(const void* frame, std::size_t bytes);
[[gnu::cold]] void forget_frame(const void* frame);
std::uint32_t frame_bytes(const void* frame);
// How many frames are noted, on all threads: frees look only when some are.
inline std::atomic<std::size_t> noted_frames{0};
// A Task's frame: frame_alloc / frame_free, its size noted while tracing.
void* task_frame_alloc(std::size_t size);
void task_frame_free(void* frame, std::size_t size) noexcept;
}  // namespace detail

}  // namespace asyncplay
