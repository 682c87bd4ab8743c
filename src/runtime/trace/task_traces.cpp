#include "runtime/trace/task_traces.hpp"

#include <chrono>

namespace asyncplay::detail {

TraceEvent TaskTraces::event(TraceKind kind, const TaskHeader& task) const {
  TraceEvent e{kind, Clock::now()};
  e.task = task.id;
  e.name = task.name_view();
  return e;
}

void TaskTraces::spawned(const TaskHeader& task, TaskId parent, const AwaitSite& site) {
  records_[task.id];
  TraceEvent e = event(TraceKind::spawn, task);
  e.parent = parent;
  e.site = site;
  tracer_.on_event(e);
}

PollTrace TaskTraces::begin_poll(const TaskHeader& task) {
  Record& record = records_[task.id];
  record.waits.clear();
  record.self_woken = record.woken_by_other = false;
  TraceEvent e = event(TraceKind::poll, task);
  e.wake_id = record.scheduled_by;
  tracer_.on_event(e);
  record.poll_started = Clock::now();  // after the tracer's own work: busy is the poll's alone
  return PollTrace(record.chain);
}

Clock::duration TaskTraces::end_poll(Record& record, const TaskHeader& task) {
  Clock::duration busy = Clock::now() - record.poll_started;
  record.busy += busy;
  if (busy > rules_.long_poll) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(busy).count();
    lint(task, Lint::long_poll,
         "one poll ran " + std::to_string(ms) + " ms: every other task waited meanwhile (something in it blocks)");
  }
  return busy;
}

void TaskTraces::ended_pending(const TaskHeader& task, const PollTrace& trace, std::uint32_t wakers_held) {
  Record& record = records_[task.id];
  record.waits = trace.waits();
  TraceEvent e = event(TraceKind::pending, task);
  e.busy = end_poll(record, task);
  e.chain = record.chain;
  e.waits = record.waits;
  tracer_.on_event(e);
  if (wakers_held == 0 && !trace.waits_forever()) {
    lint(task, Lint::lost_waker,
         "Pending, but no waker for it is held anywhere: this task can never be woken (a future returned "
         "Pending without keeping cx.waker())");
  }
  record.self_streak = record.self_woken && !record.woken_by_other ? record.self_streak + 1 : 0;
  if (record.self_streak >= rules_.self_wake_streak && !record.self_linted) {
    record.self_linted = true;
    lint(task, Lint::self_wake,
         std::to_string(record.self_streak) +
             " polls in a row, nothing but the task itself woke it: a busy loop (use yield_now to give way on "
             "purpose, or wait for a real event)");
  }
}

void TaskTraces::ended_ready(const TaskHeader& task) {
  Record& record = records_[task.id];
  TraceEvent e = event(TraceKind::ready, task);
  e.busy = end_poll(record, task);
  e.failed = static_cast<bool>(task.error());
  tracer_.on_event(e);
  records_.erase(task.id);
}

void TaskTraces::woken(const TaskHeader& task, WakeEffect effect, const TaskHeader* polling) {
  Record& record = records_[task.id];
  WakeCause cause;
  if (const WakeCause* named = current_wake_cause()) cause = *named;
  else if (polling) cause = WakeCause{WakeCause::Kind::task};
  if ((cause.kind == WakeCause::Kind::task || cause.kind == WakeCause::Kind::yield) && cause.id == 0 && polling) {
    cause.id = static_cast<std::int64_t>(polling->id);
  }
  bool by_itself = cause.kind == WakeCause::Kind::task && polling == &task;
  if (by_itself) record.self_woken = true;
  else if (cause.kind != WakeCause::Kind::yield) record.woken_by_other = true;
  ++record.wakes;
  record.last_cause = cause;
  record.woken = true;
  TraceEvent e = event(TraceKind::wake, task);
  e.wake_id = next_wake_++;
  e.cause = cause;
  e.effect = effect;
  if (effect != WakeEffect::none) record.scheduled_by = e.wake_id;
  tracer_.on_event(e);
}

void TaskTraces::cancelled(const TaskHeader& task) {
  tracer_.on_event(event(TraceKind::cancel, task));
  records_.erase(task.id);
}

void TaskTraces::waker_changed(const TaskHeader& task, bool cloned, std::uint32_t held) {
  TraceEvent e = event(TraceKind::waker, task);
  e.cloned = cloned;
  e.held = held;
  tracer_.on_event(e);
}

void TaskTraces::lint(const TaskHeader& task, Lint which, const std::string& text) {
  TraceEvent e = event(TraceKind::lint, task);
  e.lint = which;
  e.text = text;
  tracer_.on_event(e);
}

const TaskTraces::Record* TaskTraces::find(TaskId id) const {
  auto it = records_.find(id);
  return it == records_.end() ? nullptr : &it->second;
}

}  // namespace asyncplay::detail
