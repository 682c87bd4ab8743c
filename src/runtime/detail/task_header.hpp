#pragma once
// TaskHeader: the part of a spawned task that the executor and wakers see,
// whatever future the task runs. A task's states:
//
//   Idle ──wake──> Scheduled ──pop──> Running ──Pending──> Idle
//                      ^                 │  └──woken while running──> Scheduled
//                      └─────────────────┘
//   Running ──Ready or throw──> Complete;  Idle/Scheduled ──cancel──> Complete
//
// Invariants: a task is in the run queue at most once (only Idle -> Scheduled
// enqueues); a Complete task's future has been destroyed; every reference
// (executor's, JoinHandle's, each Waker's, the run queue's) is counted in refs
// and the cell is freed when the last one goes.
#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/driver.hpp"
#include "runtime/trace/tracer.hpp"
#include "runtime/waker.hpp"

namespace asyncplay {
class Executor;
class PollTrace;
}

namespace asyncplay::detail {

struct TaskHeader;

// What waking from another thread needs, outliving the executor so that a
// stray Waker woken late finds a closed queue rather than freed memory.
struct RemoteQueue {
  std::atomic<std::uint32_t> refs{1};
  std::mutex mutex;
  std::vector<TaskHeader*> tasks;  // woken from other threads, each holding a ref
  std::vector<WakeCause> causes;   // while tracing: why each of `tasks` was woken (else empty)
  std::atomic<bool> has_tasks{false};  // lets the executor skip the lock when empty
  Driver* driver = nullptr;        // unparked after a push; null once closed
  Executor* owner = nullptr;       // the executor; null once closed
  bool closed = false;             // the executor is gone: wakes do nothing

  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
};

enum class TaskState : std::uint8_t { idle, scheduled, running, complete };

struct TaskVtable {
  // Poll the future once; completes the task when Ready. Two entries so the
  // untraced one, the hot path, is compiled knowing there is no trace.
  void (*poll)(TaskHeader*);
  void (*poll_traced)(TaskHeader*, PollTrace*);
  void (*drop_future)(TaskHeader*);  // destroy the future (completion or cancel)
  void (*deallocate)(TaskHeader*);   // free the cell after the last reference
};

struct TaskHeader {
  const TaskVtable* vtable;
  std::atomic<std::uint32_t> refs{1};  // see the invariants above
  TaskState state = TaskState::idle;
  bool notified = false;          // woken while running: poll again right after
  bool cancel_requested = false;  // cancelled from inside its own poll
  bool cancelled = false;         // ended by cancel, not by its future
  bool detached = false;          // JoinHandle dropped: nobody will read the output
  bool output_taken = false;      // the JoinHandle has read the output
  std::uint32_t polls = 0;        // shown by the playground's `tasks`
  TaskId id = 0;
  RemoteQueue* home = nullptr;             // the executor it belongs to (one ref)
  TaskHeader* next_ready = nullptr;        // run queue link
  TaskHeader* prev_live = nullptr;         // executor's list of live tasks
  TaskHeader* next_live = nullptr;
  Waker join_waker;                        // the JoinHandle's poller, if waiting

  // What most tasks never have, kept apart so a parked task stays small.
  struct Extras {
    std::string name;          // given at spawn
    std::exception_ptr error;  // what the future threw, if it did
  };
  std::unique_ptr<Extras> extras;  // null: unnamed and has not failed

  explicit TaskHeader(const TaskVtable* vt) : vtable(vt) {}
  ~TaskHeader() {
    if (home) home->release();
  }

  void add_ref() { refs.fetch_add(1, std::memory_order_relaxed); }
  void release() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) vtable->deallocate(this);
  }
  std::string_view name_view() const { return extras ? std::string_view(extras->name) : std::string_view(); }
  std::exception_ptr error() const { return extras ? extras->error : nullptr; }
  void set_error(std::exception_ptr e) {
    if (!extras) extras = std::make_unique<Extras>();
    extras->error = std::move(e);
  }
};

// The Waker of a task: data is the TaskHeader, each Waker holds one reference.
extern const WakerVtable task_waker_vtable;
// Wakes `task` from whatever thread this is (defined by the executor).
void wake_task(TaskHeader* task);

// Where exceptions of tasks nobody joins are reported (default: stderr).
void report_unobserved_failure(TaskId id, std::string_view name, std::exception_ptr error);

}  // namespace asyncplay::detail
