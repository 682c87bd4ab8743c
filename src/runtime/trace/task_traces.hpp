#pragma once
// TaskTraces: what the executor keeps about each task while a tracer is
// installed, and the TraceEvents it builds from that. The executor calls it
// at each step of a task's life; it times polls, numbers wakes (so a poll
// names the wake that led to it), keeps each task's await chain between
// polls, and checks the lints (LintRules):
//   lost waker — Pending with no waker held anywhere (the executor counts them);
//   long poll  — a poll longer than rules.long_poll;
//   self wake  — rules.self_wake_streak polls in a row rescheduled only by
//                the task's own wake (yield_now excepted).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/detail/task_header.hpp"
#include "runtime/trace/tracer.hpp"

namespace asyncplay::detail {

class TaskTraces {
 public:
  struct Record {
    std::vector<AwaitFrame> chain;   // where it is parked, outermost first
    std::vector<std::string> waits;  // what its leaves wait for
    Clock::time_point poll_started{};
    std::uint64_t scheduled_by = 0;  // the wake that put it in the run queue; 0: spawn
    std::uint32_t wakes = 0;
    Clock::duration busy{};
    WakeCause last_cause{};
    bool woken = false;              // woken at least once (last_cause is set)
    bool self_woken = false;         // during the poll running now, it woke itself
    bool woken_by_other = false;     // during the poll running now, something else woke it
    unsigned self_streak = 0;        // polls in a row rescheduled only by itself
    bool self_linted = false;        // the self-wake lint was given (once per task)
  };

  TaskTraces(Tracer& tracer, LintRules rules) : tracer_(tracer), rules_(rules) {}

  void spawned(const TaskHeader& task, TaskId parent, const AwaitSite& site);
  // A poll begins: emits `poll`; the PollTrace to lend the poll's Context.
  PollTrace begin_poll(const TaskHeader& task);
  // The poll returned Pending; `wakers_held` counts the Wakers of the task alive now.
  void ended_pending(const TaskHeader& task, const PollTrace& trace, std::uint32_t wakers_held);
  // The task's record goes with these two: nothing more is told about it.
  void ended_ready(const TaskHeader& task);
  void woken(const TaskHeader& task, WakeEffect effect, const TaskHeader* polling);
  void cancelled(const TaskHeader& task);
  void waker_changed(const TaskHeader& task, bool cloned, std::uint32_t held);

  const Record* find(TaskId id) const;

 private:
  TraceEvent event(TraceKind kind, const TaskHeader& task) const;
  Clock::duration end_poll(Record& record, const TaskHeader& task);
  void lint(const TaskHeader& task, Lint which, const std::string& text);

  Tracer& tracer_;
  LintRules rules_;
  std::unordered_map<TaskId, Record> records_;
  std::uint64_t next_wake_ = 1;
};

}  // namespace asyncplay::detail
