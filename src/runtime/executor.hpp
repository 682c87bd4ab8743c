#pragma once
// Executor: a single-threaded scheduler of tasks. It owns the run queue, the
// timer queue and a Driver (what to do when nothing is ready). Its loop, one
// round at a time (see docs/ARCHITECTURE.md, "The life of a task"):
//   1. take tasks woken from other threads (the remote queue);
//   2. wake the timers whose deadline passed;
//   3. poll ready tasks, at most `budget` of them;
//   4. nothing ready: park the driver until the next deadline or an event.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/detail/task_cell.hpp"
#include "runtime/join_handle.hpp"
#include "runtime/timer_queue.hpp"
#include "runtime/tracer.hpp"

namespace asyncplay {

struct TaskSnapshot {
  TaskId id;
  std::string name;
  std::string_view state;  // "idle", "scheduled", "running"
  std::uint32_t polls;
};

class Executor {
 public:
  // With no driver given, a ParkDriver: timers and cross-thread wakes only.
  explicit Executor(std::unique_ptr<Driver> driver = nullptr);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  ~Executor();  // cancels every task still alive

  // The executor running on this thread; else the newest one alive on this
  // thread (so `Executor ex; TcpListener::bind(...); ex.block_on(...)` binds
  // to `ex`); else this thread's default one, created on first use.
  static Executor& current();
  // The executor running on this thread, or null.
  static Executor* running();

  // Starts `future` as a task. It runs when the executor runs; the handle
  // gives its output. Futures here are never moved across threads, so this is
  // also Rust's spawn_local.
  template <Future F>
  JoinHandle<OutputOf<F>> spawn(F future, std::string name = {}) {
    auto* cell = new detail::TaskCell<F>(std::move(future));
    cell->add_ref();  // one for the executor, one for the JoinHandle
    adopt(cell, std::move(name));
    return JoinHandle<OutputOf<F>>(cell);
  }

  // Runs tasks until `future` completes and returns its output (or rethrows).
  // Throws std::logic_error when called from inside a task of this thread.
  template <Future F>
  OutputOf<F> block_on(F future) {
    auto handle = spawn(std::move(future), "block_on");
    run_until([&] { return handle.is_finished(); });
    Waker none;
    Context cx(none);
    return handle.poll(cx).take();
  }

  // Runs until no task is ready and no timer has expired; never parks.
  void run_until_idle();
  // One round without parking: remote wakes, expired timers, at most `budget`
  // polls. True when tasks are still ready (a browser turn ends here, so the
  // page can paint, and the next turn goes on).
  bool run_turn();
  // Runs rounds (parking when idle) until `done()` holds after a round.
  void run_until(const std::function<bool()>& done);

  // Replaces the driver; the new one also serves unpark() from other threads.
  void set_driver(std::unique_ptr<Driver> driver);
  Driver& driver() { return *driver_; }
  TimerQueue& timers() { return timers_; }
  // Installs (or, with null, removes) a tracer; not owned.
  void set_tracer(Tracer* tracer) { tracer_ = tracer; }
  // Tasks polled per round before timers and the driver are looked at again.
  void set_budget(std::size_t budget) { budget_ = budget; }

  std::size_t live_tasks() const { return live_count_; }
  std::vector<TaskSnapshot> tasks() const;

  // Internal, used by wakers and handles (see detail/task_header.hpp).
  void schedule(detail::TaskHeader* task);
  void complete(detail::TaskHeader* task);
  void cancel(detail::TaskHeader* task);
  detail::RemoteQueue* home() const { return home_; }

 private:
  class Running;  // marks this executor as the one running on this thread

  void adopt(detail::TaskHeader* task, std::string name);
  void trace(detail::TaskHeader* task, TaskEvent event) {
    if (tracer_) tracer_->on_task_event(task->id, task->name_view(), event);
  }
  void push_ready(detail::TaskHeader* task);
  detail::TaskHeader* pop_ready();
  void take_remote();
  void fire_timers();
  void run_ready(std::size_t budget);
  void run_task(detail::TaskHeader* task);
  void finish(detail::TaskHeader* task);
  void unlink(detail::TaskHeader* task);

  std::unique_ptr<Driver> driver_;
  TimerQueue timers_;
  detail::RemoteQueue* home_;                 // shared with every task's header
  detail::TaskHeader* ready_head_ = nullptr;  // run queue, FIFO, linked by next_ready
  detail::TaskHeader* ready_tail_ = nullptr;
  detail::TaskHeader* live_ = nullptr;        // every task not yet complete
  std::size_t live_count_ = 0;
  TaskId next_id_ = 1;
  std::size_t budget_ = 128;
  Tracer* tracer_ = nullptr;
  bool running_ = false;  // inside run_until / run_until_idle
  Executor* outer_ = nullptr;  // the executor that was newest on this thread before this one
  Executor* inner_ = nullptr;  // the one created after this one, while both live
};

// The free functions of the book: they use Executor::current().
template <Future F>
OutputOf<F> block_on(F future) {
  return Executor::current().block_on(std::move(future));
}
template <Future F>
JoinHandle<OutputOf<F>> spawn(F future, std::string name = {}) {
  return Executor::current().spawn(std::move(future), std::move(name));
}
template <Future F>
JoinHandle<OutputOf<F>> spawn_local(F future, std::string name = {}) {
  return Executor::current().spawn(std::move(future), std::move(name));
}

}  // namespace asyncplay
