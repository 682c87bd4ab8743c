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

  void enter_task() { ++depth_; }
  void leave_task() { --depth_; }
  // The Task body at the current level reached `site`; `frame` is its frame.
  void at_await(const AwaitSite& site, const void* frame);
  // A leaf future is Pending, waiting for `what` ("timer 200 ms").
  void waits_for(std::string what) { waits_.push_back(std::move(what)); }
  // A leaf that keeps no waker on purpose (never()): not a lost waker.
  void waits_forever(std::string what) {
    forever_ = true;
    waits_for(std::move(what));
  }

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
void note_frame(const void* frame, std::size_t bytes);
void forget_frame(const void* frame);
std::uint32_t frame_bytes(const void* frame);
inline thread_local std::size_t noted_frames = 0;  // how many are noted: frees look only when some are
}  // namespace detail

}  // namespace asyncplay
