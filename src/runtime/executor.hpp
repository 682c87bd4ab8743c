#pragma once
// Executor: a single-threaded scheduler of tasks. It owns the run queue, the
// timer queue and a Driver (what to do when nothing is ready). Its one loop,
// `run(mode)`, goes round these phases (see docs/ARCHITECTURE.md, "The life
// of a task"), as libuv's uv_run does, stopping as the mode says:
//   1. take tasks woken from other threads (the remote queue);
//   2. wake the timers whose deadline passed;
//   3. poll ready tasks, at most `budget` of them (one per step when paused);
//   4. nothing runnable: park the driver until the next deadline or an event.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime/detail/task_cell.hpp"
#include "runtime/join_handle.hpp"
#include "runtime/time/timer_queue.hpp"
#include "runtime/trace/tracer.hpp"

namespace asyncplay {

namespace detail {
class TaskTraces;
}

// How run() stops.
enum class RunMode : std::uint8_t {
  turn,        // after one round, never parking: a browser turn (the page paints between turns)
  until_idle,  // once no task is runnable; never parks
  until_done,  // once done() holds after a round; parks while nothing is runnable
};

struct TaskSnapshot {
  TaskId id = 0;
  std::string name;
  std::string_view state;  // "scheduled", "running", "pending" (docs/TRACE_EVENTS.md)
  std::uint32_t polls = 0;
  // Known only while a tracer is installed (since it was):
  std::uint32_t wakes = 0;
  Clock::duration busy{};               // time spent in its polls
  std::vector<AwaitFrame> parked_at;    // the await chain of its last Pending, outermost first
  std::vector<std::string> waits;       // what its leaf futures wait for
  std::string last_wake;                // the cause of its last wake, in words
  WakeCause last_cause;                 // the same cause, for words of another language (its what is static)
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
  //
  // The site is three scalars, as await_transform takes it, and spawn is
  // inlined: the site's constants then stay in the caller's traced branch
  // instead of going through two calls on every spawn.
  template <Future F>
  [[gnu::always_inline]] JoinHandle<OutputOf<F>> spawn(F future, std::string name = {},
                                                       const char* file = __builtin_FILE(),
                                                       std::uint32_t line = __builtin_LINE(),
                                                       const char* function = __builtin_FUNCTION()) {
    auto* cell = new detail::TaskCell<F>(std::move(future));
    cell->add_ref();  // one for the executor, one for the JoinHandle
    adopt(cell, std::move(name));
    // Before anything can poll it: the tracer hears of the spawn first.
    if (traces_) [[unlikely]] spawned_at(cell, AwaitSite{file, function, line});
    return JoinHandle<OutputOf<F>>(cell);
  }

  // Runs tasks until `future` completes and returns its output (or rethrows).
  // Throws std::logic_error when called from inside a task of this thread.
  template <Future F>
  OutputOf<F> block_on(F future, AwaitSite site = AwaitSite::here()) {
    auto handle = spawn(std::move(future), "block_on", site.file, site.line, site.function);
    run(RunMode::until_done, [&] { return handle.is_finished(); });
    Waker none;
    Context cx(none);
    return handle.poll(cx).take();
  }

  // The loop. True (turn only) when tasks are still runnable: the next turn goes on.
  bool run(RunMode mode, const std::function<bool()>& done = {});
  void run_until_idle() { run(RunMode::until_idle); }
  bool run_turn() { return run(RunMode::turn); }
  void run_until(const std::function<bool()>& done) { run(RunMode::until_done, done); }

  // Pause: no task is polled, while wakes go on arriving and queue their
  // tasks. step(): while paused, one more poll is allowed (the next runnable
  // task, whenever the loop runs); true if a task was ready for it. play():
  // back to full speed. A poll delay makes the loop wait between polls, so a
  // person can follow. Each unparks the driver, so a parked loop sees it.
  void pause();
  bool step();
  void play();
  void set_poll_delay(Clock::duration delay);
  bool paused() const { return paused_; }
  Clock::duration poll_delay() const { return poll_delay_; }
  std::size_t ready_tasks() const;
  // When the loop next has something to do by itself (a timer, the end of a
  // poll delay); nullopt: only an event or a wake can give it work.
  std::optional<Clock::time_point> next_wakeup() const;

  // Replaces the driver; the new one also serves unpark() from other threads.
  void set_driver(std::unique_ptr<Driver> driver);
  Driver& driver() { return *driver_; }
  TimerQueue& timers() { return timers_; }
  // Installs (or, with null, removes) a tracer; not owned. Events start from
  // now: tasks already parked show where only once polled again.
  void set_tracer(Tracer* tracer, LintRules rules = {});
  Tracer* tracer() const { return tracer_; }
  // A tracer every executor created on this thread from now on starts with
  // (`--trace FILE`; the tests' lint check); null for none.
  static void trace_new_executors(Tracer* tracer, LintRules rules = {});
  static Tracer* new_executor_tracer();
  static LintRules new_executor_rules();
  // Tasks polled per round before timers and the driver are looked at again.
  void set_budget(std::size_t budget) { budget_ = budget; }

  std::size_t live_tasks() const { return live_count_; }
  std::vector<TaskSnapshot> tasks() const;

  // Internal, used by wakers and handles (see detail/task_header.hpp).
  void schedule(detail::TaskHeader* task);
  void complete(detail::TaskHeader* task);
  void cancel(detail::TaskHeader* task);
  void waker_changed(detail::TaskHeader* task, bool cloned);  // only while tracing
  detail::RemoteQueue* home() const { return home_; }
  Executor* outer() const { return outer_; }  // the one created before it on this thread

 private:
  class Running;  // marks this executor as the one running on this thread

  void adopt(detail::TaskHeader* task, std::string name);
  void spawned_at(detail::TaskHeader* task, const AwaitSite& site);  // told to the tracer
  void push_ready(detail::TaskHeader* task);
  detail::TaskHeader* pop_ready();
  void take_remote();
  void fire_timers();
  std::size_t polls_allowed() const;
  std::optional<Clock::duration> park_timeout() const;
  void run_ready(std::size_t budget);
  void run_ready_counted(std::size_t budget);  // paused or slowed: each poll is a step
  void run_task(detail::TaskHeader* task);
  void poll_traced(detail::TaskHeader* task);
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
  std::unique_ptr<detail::TaskTraces> traces_;  // what the tracer is told about each task; set with it
  detail::TaskHeader* polling_ = nullptr;       // while tracing: the task being polled (a wake's cause, a spawn's parent)
  bool paused_ = false;
  std::size_t steps_ = 0;                       // polls allowed while paused
  Clock::duration poll_delay_{};                // wait between polls (zero: none)
  Clock::time_point next_poll_at_{};            // with a delay: no poll before this
  bool running_ = false;  // inside run()
  Executor* outer_ = nullptr;  // the executor that was newest on this thread before this one
  Executor* inner_ = nullptr;  // the one created after this one, while both live
};

// The free functions of the book: they use Executor::current().
template <Future F>
OutputOf<F> block_on(F future, AwaitSite site = AwaitSite::here()) {
  return Executor::current().block_on(std::move(future), site);
}
template <Future F>
[[gnu::always_inline]] inline JoinHandle<OutputOf<F>> spawn(F future, std::string name = {},
                                                     const char* file = __builtin_FILE(),
                                                     std::uint32_t line = __builtin_LINE(),
                                                     const char* function = __builtin_FUNCTION()) {
  return Executor::current().spawn(std::move(future), std::move(name), file, line, function);
}
template <Future F>
[[gnu::always_inline]] inline JoinHandle<OutputOf<F>> spawn_local(F future, std::string name = {},
                                                           const char* file = __builtin_FILE(),
                                                           std::uint32_t line = __builtin_LINE(),
                                                           const char* function = __builtin_FUNCTION()) {
  return Executor::current().spawn(std::move(future), std::move(name), file, line, function);
}

}  // namespace asyncplay
