#include "runtime/executor.hpp"

#include <stdexcept>

#include "runtime/park_driver.hpp"

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
}

Executor::~Executor() {
  // Cancelling drops futures, whose destructors may spawn or cancel more.
  while (live_) cancel(live_);
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
  trace(task, TaskEvent::spawned);
  schedule(task);
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
      trace(task, TaskEvent::woken);
      break;
    case detail::TaskState::running:
      task->notified = true;  // run_task polls it again right after this poll
      trace(task, TaskEvent::woken);
      break;
    case detail::TaskState::scheduled:
    case detail::TaskState::complete:
      break;  // already queued, or nothing left to poll
  }
}

void Executor::run_task(detail::TaskHeader* task) {
  if (task->state == detail::TaskState::scheduled) {
    task->state = detail::TaskState::running;
    task->notified = false;
    ++task->polls;
    task->vtable->poll(task);  // calls complete() when the future is done
    if (task->state == detail::TaskState::running) {
      trace(task, TaskEvent::polled_pending);
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
  trace(task, TaskEvent::polled_ready);
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
      trace(task, TaskEvent::cancelled);
      task->vtable->drop_future(task);
      finish(task);
  }
}

void Executor::finish(detail::TaskHeader* task) {
  unlink(task);
  if (task->join_waker) {
    task->join_waker.wake();
  } else if (task->detached && task->error()) {
    detail::report_unobserved_failure(task->id, task->name_view(), task->error());
  }
  task->release();  // the executor's reference
}

void Executor::take_remote() {
  if (!home_->has_tasks.load(std::memory_order_acquire)) return;
  std::vector<detail::TaskHeader*> woken;
  {
    std::lock_guard lock(home_->mutex);
    woken.swap(home_->tasks);
    home_->has_tasks.store(false, std::memory_order_relaxed);
  }
  for (detail::TaskHeader* task : woken) {
    schedule(task);
    task->release();  // the remote queue's reference
  }
}

void Executor::run_ready(std::size_t budget) {
  for (std::size_t n = 0; n < budget; ++n) {
    detail::TaskHeader* task = pop_ready();
    if (!task) return;
    run_task(task);
  }
}

void Executor::fire_timers() {
  if (timers_.size() > 0) timers_.fire_expired(Clock::now());
}

void Executor::run_until_idle() {
  Running guard(*this);
  while (true) {
    take_remote();
    fire_timers();
    driver_->park(Clock::duration::zero());
    if (!ready_head_) return;
    run_ready(budget_);
  }
}

bool Executor::run_turn() {
  Running guard(*this);
  take_remote();
  fire_timers();
  run_ready(budget_);
  return ready_head_ != nullptr;
}

void Executor::run_until(const std::function<bool()>& done) {
  Running guard(*this);
  while (true) {
    take_remote();
    fire_timers();
    run_ready(budget_);
    if (done()) return;
    if (ready_head_) {
      driver_->park(Clock::duration::zero());  // let events in between budgets
      continue;
    }
    std::optional<Clock::duration> timeout;
    if (auto next = timers_.next_deadline()) {
      timeout = std::max(Clock::duration::zero(), *next - Clock::now());
    }
    // Parked until an event, a remote wake (unpark) or the next deadline.
    driver_->park(timeout);
  }
}

std::vector<TaskSnapshot> Executor::tasks() const {
  std::vector<TaskSnapshot> out;
  for (detail::TaskHeader* task = live_; task; task = task->next_live) {
    std::string_view state = task->state == detail::TaskState::idle        ? "idle"
                             : task->state == detail::TaskState::scheduled ? "scheduled"
                                                                             : "running";
    out.push_back({task->id, std::string(task->name_view()), state, task->polls});
  }
  return out;
}

std::string_view to_string(TaskEvent event) {
  switch (event) {
    case TaskEvent::spawned: return "spawned";
    case TaskEvent::polled_pending: return "Pending";
    case TaskEvent::polled_ready: return "Ready";
    case TaskEvent::woken: return "woken";
    case TaskEvent::cancelled: return "cancelled";
  }
  return "?";
}

namespace detail {

TimerQueue& current_timers() { return Executor::current().timers(); }

void wake_task(TaskHeader* task) {
  if (t_running && t_running->home() == task->home) return t_running->schedule(task);
  RemoteQueue* home = task->home;
  std::lock_guard lock(home->mutex);
  if (home->closed) return;  // the executor is gone: nothing to poll
  task->add_ref();
  home->tasks.push_back(task);
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

const WakerVtable task_waker_vtable{
    [](void* data) { static_cast<TaskHeader*>(data)->add_ref(); },
    [](void* data) {
      wake_task(static_cast<TaskHeader*>(data));
      static_cast<TaskHeader*>(data)->release();
    },
    [](void* data) { wake_task(static_cast<TaskHeader*>(data)); },
    [](void* data) { static_cast<TaskHeader*>(data)->release(); },
};

}  // namespace detail
}  // namespace asyncplay
