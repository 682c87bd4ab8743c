// What a playground uses to watch and steer the executor: the tracer (and
// the poll it wraps), task snapshots, and pause / step / play / poll delay.
// The loop itself, and the life of a task, are in executor.cpp.
#include <chrono>

#include "runtime/executor.hpp"
#include "runtime/trace/task_traces.hpp"

namespace asyncplay {
namespace {
thread_local Tracer* t_new_tracer = nullptr;  // what new executors of this thread start with
thread_local LintRules t_new_rules;

// How many Wakers of `task` are alive: its references less those that are
// not Wakers (the executor's, the JoinHandle's unless detached, and the run
// queue's while it is queued or being polled), less `leaving` (a drop about
// to release its own).
std::uint32_t wakers_held(const detail::TaskHeader& task, std::uint32_t leaving = 0) {
  std::uint32_t others = 1 + (task.detached ? 0 : 1) + (task.state == detail::TaskState::idle ? 0 : 1) + leaving;
  std::uint32_t refs = task.refs.load(std::memory_order_relaxed);
  return refs > others ? refs - others : 0;
}
}  // namespace

void Executor::trace_new_executors(Tracer* tracer, LintRules rules) {
  t_new_tracer = tracer;
  t_new_rules = rules;
}

Tracer* Executor::new_executor_tracer() { return t_new_tracer; }
LintRules Executor::new_executor_rules() { return t_new_rules; }

void Executor::set_tracer(Tracer* tracer, LintRules rules) {
  if (tracer_) detail::tracers_installed.fetch_sub(1, std::memory_order_relaxed);
  tracer_ = tracer;
  traces_ = tracer ? std::make_unique<detail::TaskTraces>(*tracer, rules) : nullptr;
  if (tracer_) detail::tracers_installed.fetch_add(1, std::memory_order_relaxed);
}

// A poll while tracing: times it, lends it a PollTrace, checks the lints.
void Executor::poll_traced(detail::TaskHeader* task) {
  PollTrace trace = traces_->begin_poll(*task);
  polling_ = task;
  task->vtable->poll_traced(task, &trace);
  polling_ = nullptr;
  if (task->state != detail::TaskState::running || !traces_) return;  // Ready: complete() told the tracer
  std::uint32_t wakers = wakers_held(*task);  // still running: the run queue's reference is held
  // Woken during the poll (or cancelled in it): it needs no waker to go on.
  if (task->notified || task->cancel_requested) wakers = std::max<std::uint32_t>(wakers, 1);
  traces_->ended_pending(*task, trace, wakers);
}

void Executor::spawned_at(detail::TaskHeader* task, const AwaitSite& site) {
  traces_->spawned(*task, polling_ ? polling_->id : 0, site);
}

void Executor::waker_changed(detail::TaskHeader* task, bool cloned) {
  if (!traces_ || task->state == detail::TaskState::complete) return;
  traces_->waker_changed(*task, cloned, wakers_held(*task, cloned ? 0 : 1));
}

// Each poll made while paused is a step; while slowed, the next waits for the delay.
void Executor::run_ready_counted(std::size_t budget) {
  for (std::size_t polled = 0; polled < budget;) {
    detail::TaskHeader* task = pop_ready();
    if (!task) return;
    if (task->state != detail::TaskState::scheduled) {
      task->release();  // cancelled while queued: not a poll, not a step
      continue;
    }
    run_task(task);
    ++polled;
    if (paused_ && steps_ > 0) --steps_;
    next_poll_at_ = Clock::now() + poll_delay_;
  }
}

void Executor::pause() {
  paused_ = true;
  steps_ = 0;
}

bool Executor::step() {
  if (!paused_) return false;
  ++steps_;
  driver_->unpark();  // a loop parked while paused takes its step now
  return ready_head_ != nullptr;
}

void Executor::play() {
  paused_ = false;
  steps_ = 0;
  driver_->unpark();
}

void Executor::set_poll_delay(Clock::duration delay) {
  poll_delay_ = std::max(Clock::duration::zero(), delay);
  driver_->unpark();
}

std::size_t Executor::ready_tasks() const {
  std::size_t n = 0;
  for (detail::TaskHeader* task = ready_head_; task; task = task->next_ready) {
    if (task->state == detail::TaskState::scheduled) ++n;
  }
  return n;
}

std::vector<TaskSnapshot> Executor::tasks() const {
  std::vector<TaskSnapshot> out;
  for (detail::TaskHeader* task = live_; task; task = task->next_live) {
    std::string_view state = task->state == detail::TaskState::idle        ? "pending"
                             : task->state == detail::TaskState::scheduled ? "scheduled"
                                                                             : "running";
    TaskSnapshot shot;
    shot.id = task->id;
    shot.name = std::string(task->name_view());
    shot.state = state;
    shot.polls = task->polls;
    if (const auto* record = traces_ ? traces_->find(task->id) : nullptr) {
      shot.wakes = record->wakes;
      shot.busy = record->busy;
      shot.parked_at = record->chain;
      shot.waits = record->waits;
      if (record->woken) {
        shot.last_wake = describe(record->last_cause);
        shot.last_cause = record->last_cause;
      }
    }
    out.push_back(std::move(shot));
  }
  return out;
}

}  // namespace asyncplay
