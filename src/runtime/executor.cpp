#include "runtime/executor.hpp"

#include <stdexcept>

#include "runtime/park_driver.hpp"
#include "runtime/trace/task_traces.hpp"

namespace asyncplay {
namespace {
thread_local Executor* t_running = nullptr;    // the executor in run_until*, if any
thread_local Executor* t_innermost = nullptr;  // the newest executor alive on this thread
thread_local std::unique_ptr<Executor> t_default;  // created on first use
}  // namespace

// Marks `executor` as the one running on this thread for the length of a run.
class Executor::Running {
 public:
  explicit Running(Executor& executor) : executor_(executor) {
    if (t_running) {
      throw std::logic_error(
          "asyncplay: block_on/run called from inside a running task; "
          "co_await the future instead of blocking the executor");
    }
    t_running = &executor;
    executor.running_ = true;
  }
  ~Running() {
    executor_.running_ = false;
    t_running = nullptr;
  }

 private:
  Executor& executor_;
};

Executor::Executor(std::unique_ptr<Driver> driver) : home_(new detail::RemoteQueue) {
  home_->owner = this;
  outer_ = t_innermost;
  if (outer_) outer_->inner_ = this;
  t_innermost = this;
  set_driver(driver ? std::move(driver) : std::make_unique<ParkDriver>());
  if (Tracer* tracer = new_executor_tracer()) set_tracer(tracer, new_executor_rules());
}

Executor::~Executor() {
  // Cancelling drops futures, whose destructors may spawn or cancel more.
  while (live_) cancel(live_);
  set_tracer(nullptr);
  while (detail::TaskHeader* task = pop_ready()) task->release();
  std::vector<detail::TaskHeader*> remote;
  {
    std::lock_guard lock(home_->mutex);
    home_->closed = true;
    home_->driver = nullptr;
    home_->owner = nullptr;
    remote.swap(home_->tasks);
  }
  for (detail::TaskHeader* task : remote) task->release();
  home_->release();
  if (inner_) inner_->outer_ = outer_;
  if (outer_) outer_->inner_ = inner_;
  if (t_innermost == this) t_innermost = outer_;
}

Executor& Executor::current() {
  if (t_running) return *t_running;
  if (t_innermost) return *t_innermost;
  if (!t_default) t_default = std::make_unique<Executor>();
  return *t_default;
}

Executor* Executor::running() { return t_running; }

void Executor::set_driver(std::unique_ptr<Driver> driver) {
  std::lock_guard lock(home_->mutex);
  driver_ = std::move(driver);
  home_->driver = driver_.get();
}

void Executor::adopt(detail::TaskHeader* task, std::string name) {
  task->id = next_id_++;
  if (!name.empty()) task->extras = std::make_unique<detail::TaskHeader::Extras>(detail::TaskHeader::Extras{std::move(name), nullptr});
  task->home = home_;
  home_->refs.fetch_add(1, std::memory_order_relaxed);
  task->next_live = live_;
  if (live_) live_->prev_live = task;
  live_ = task;
  ++live_count_;
  // Scheduled for its first poll: a spawn, not a wake.
  task->state = detail::TaskState::scheduled;
  task->add_ref();  // the run queue's reference
  push_ready(task);
}

void Executor::unlink(detail::TaskHeader* task) {
  if (task->prev_live) task->prev_live->next_live = task->next_live;
  else live_ = task->next_live;
  if (task->next_live) task->next_live->prev_live = task->prev_live;
  task->prev_live = task->next_live = nullptr;
  --live_count_;
}

void Executor::push_ready(detail::TaskHeader* task) {
  task->next_ready = nullptr;
  if (ready_tail_) ready_tail_->next_ready = task;
  else ready_head_ = task;
  ready_tail_ = task;
}

detail::TaskHeader* Executor::pop_ready() {
  detail::TaskHeader* task = ready_head_;
  if (!task) return nullptr;
  ready_head_ = task->next_ready;
  if (!ready_head_) ready_tail_ = nullptr;
  return task;
}

void Executor::schedule(detail::TaskHeader* task) {
  switch (task->state) {
    case detail::TaskState::idle:
      task->state = detail::TaskState::scheduled;
      task->add_ref();  // the run queue's reference
      push_ready(task);
      if (traces_) traces_->woken(*task, WakeEffect::scheduled, polling_);
      break;
    case detail::TaskState::running:
      task->notified = true;  // run_task polls it again right after this poll
      if (traces_) traces_->woken(*task, WakeEffect::repoll, polling_);
      break;
    case detail::TaskState::scheduled:
      if (traces_) traces_->woken(*task, WakeEffect::none, polling_);
      break;  // already queued
    case detail::TaskState::complete:
      break;  // nothing left to poll
  }
}

void Executor::run_task(detail::TaskHeader* task) {
  if (task->state == detail::TaskState::scheduled) {
    task->state = detail::TaskState::running;
    task->notified = false;
    ++task->polls;
    if (traces_) [[unlikely]] poll_traced(task);
    else task->vtable->poll(task);  // calls complete() when the future is done
    if (task->state == detail::TaskState::running) {
      if (task->cancel_requested) {
        task->state = detail::TaskState::idle;
        cancel(task);
      } else if (task->notified) {
        task->state = detail::TaskState::scheduled;
        task->add_ref();
        push_ready(task);
      } else {
        task->state = detail::TaskState::idle;  // some waker now holds its way back
      }
    }
  }
  task->release();  // the run queue's reference
}

void Executor::complete(detail::TaskHeader* task) {
  task->state = detail::TaskState::complete;
  if (traces_) traces_->ended_ready(*task);
  task->vtable->drop_future(task);
  finish(task);
}

void Executor::cancel(detail::TaskHeader* task) {
  switch (task->state) {
    case detail::TaskState::complete:
      return;
    case detail::TaskState::running:
      task->cancel_requested = true;  // run_task cancels it when the poll returns
      return;
    case detail::TaskState::idle:
    case detail::TaskState::scheduled:  // the run queue skips it and lets go
      task->state = detail::TaskState::complete;
      task->cancelled = true;
      if (traces_) traces_->cancelled(*task);
      task->vtable->drop_future(task);
      finish(task);
  }
}

void Executor::finish(detail::TaskHeader* task) {
  unlink(task);
  if (task->join_waker) {
    wake_because({WakeCause::Kind::task, "finished", static_cast<std::int64_t>(task->id)},
                 [&] { task->join_waker.wake(); });
  } else if (task->detached && task->error()) {
    detail::report_unobserved_failure(task->id, task->name_view(), task->error());
  }
  task->release();  // the executor's reference
}

void Executor::take_remote() {
  if (!home_->has_tasks.load(std::memory_order_acquire)) return;
  std::vector<detail::TaskHeader*> woken;
  std::vector<WakeCause> causes;
  {
    std::lock_guard lock(home_->mutex);
    woken.swap(home_->tasks);
    causes.swap(home_->causes);
    home_->has_tasks.store(false, std::memory_order_relaxed);
  }
  for (std::size_t i = 0; i < woken.size(); ++i) {
    CauseScope cause(i < causes.size() ? causes[i] : WakeCause{WakeCause::Kind::thread});
    schedule(woken[i]);
    woken[i]->release();  // the remote queue's reference
  }
}

void Executor::run_ready(std::size_t budget) {
  // The paused or slowed loop has its own: this one, every program's, tests nothing per poll.
  if (paused_ || poll_delay_ > Clock::duration::zero()) [[unlikely]] return run_ready_counted(budget);
  for (std::size_t polled = 0; polled < budget; ++polled) {
    detail::TaskHeader* task = pop_ready();
    if (!task) return;
    run_task(task);
  }
}

void Executor::fire_timers() {
  if (timers_.size() > 0) timers_.fire_expired(Clock::now());
}

// How many polls this round may make: the budget, one per step while
// paused, one when a poll delay has passed.
std::size_t Executor::polls_allowed() const {
  if (!ready_head_) return 0;
  if (paused_) return steps_;
  if (poll_delay_ > Clock::duration::zero()) return Clock::now() >= next_poll_at_ ? 1 : 0;
  return budget_;
}

std::optional<Clock::time_point> Executor::next_wakeup() const {
  std::optional<Clock::time_point> next = timers_.next_deadline();
  if (ready_head_ && !paused_ && poll_delay_ > Clock::duration::zero()) {
    if (!next || next_poll_at_ < *next) next = next_poll_at_;
  }
  return next;
}

std::optional<Clock::duration> Executor::park_timeout() const {
  if (polls_allowed() > 0) return Clock::duration::zero();  // let events in between budgets
  auto next = next_wakeup();
  if (!next) return std::nullopt;  // until an event or a remote wake (unpark)
  return std::max(Clock::duration::zero(), *next - Clock::now());
}

bool Executor::run(RunMode mode, const std::function<bool()>& done) {
  Running guard(*this);
  while (true) {
    take_remote();
    fire_timers();
    if (mode == RunMode::until_idle) {
      driver_->park(Clock::duration::zero());  // the events already there
      if (polls_allowed() == 0) return false;
    }
    run_ready(polls_allowed());
    switch (mode) {
      case RunMode::turn:
        return polls_allowed() > 0;
      case RunMode::until_idle:
        break;
      case RunMode::until_done:
        if (done()) return false;
        // Parked until an event, a remote wake (unpark) or the next deadline.
        driver_->park(park_timeout());
        break;
    }
  }
}

namespace detail {

TimerQueue& current_timers() { return Executor::current().timers(); }

thread_local Driver* t_queued_driver = nullptr;

// What caused the wake just queued, kept for when the executor takes it.
[[gnu::noinline]] void note_remote_cause(RemoteQueue& home) {
  const WakeCause* named = current_wake_cause();
  home.causes.resize(home.tasks.size() - 1, WakeCause{WakeCause::Kind::thread});
  home.causes.push_back(named ? *named
                              : WakeCause{WakeCause::Kind::thread,
                                          "outside the loop (another thread, or code outside any task)"});
}

void wake_task(TaskHeader* task) {
  if (t_running && t_running->home() == task->home) return t_running->schedule(task);
  RemoteQueue* home = task->home;
  std::lock_guard lock(home->mutex);
  if (home->closed) return;  // the executor is gone: nothing to poll
  task->add_ref();
  home->tasks.push_back(task);
  if (tracing_anywhere()) [[unlikely]] note_remote_cause(*home);
  home->has_tasks.store(true, std::memory_order_release);
  if (home->driver) home->driver->unpark();
}

void complete_task(TaskHeader* task) { task->home->owner->complete(task); }

void cancel_task(TaskHeader* task) {
  if (task->home->owner) task->home->owner->cancel(task);
}

void detach_task(TaskHeader* task) {
  task->detached = true;
  task->join_waker = Waker();
  if (task->state == TaskState::complete && task->error() && !task->output_taken) {
    report_unobserved_failure(task->id, task->name_view(), task->error());
  }
  task->release();
}

// Waker clones and drops are told to the task's executor's tracer when that
// executor lives on this thread (another thread's counts are not ours to read).
[[gnu::cold, gnu::noinline]] void note_waker(TaskHeader* task, bool cloned) {
  for (Executor* e = t_innermost; e; e = e->outer()) {
    if (e->home() == task->home) return e->waker_changed(task, cloned);
  }
}

const WakerVtable task_waker_vtable{
    [](void* data) {
      static_cast<TaskHeader*>(data)->add_ref();
      if (tracing_anywhere()) [[unlikely]] note_waker(static_cast<TaskHeader*>(data), true);
    },
    [](void* data) {
      wake_task(static_cast<TaskHeader*>(data));
      static_cast<TaskHeader*>(data)->release();
    },
    [](void* data) { wake_task(static_cast<TaskHeader*>(data)); },
    [](void* data) {
      auto* task = static_cast<TaskHeader*>(data);
      if (tracing_anywhere()) [[unlikely]] note_waker(task, false);  // before the release that may free it
      task->release();
    },
};

}  // namespace detail
}  // namespace asyncplay
