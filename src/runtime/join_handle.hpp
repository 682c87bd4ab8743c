#pragma once
// JoinHandle<T>: returned by spawn. It is a Future of the task's output: awaiting
// it gives the value, rethrows the task's exception, or throws TaskCancelled.
// Dropping it detaches the task (it keeps running); cancel() drops the task's
// future at once, which frees its frame and everything registered from it.
#include <cassert>
#include <utility>

#include "runtime/detail/task_cell.hpp"
#include "runtime/task_cancelled.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay {

namespace detail {
void cancel_task(TaskHeader* task);
void detach_task(TaskHeader* task);
}  // namespace detail

template <class T>
class JoinHandle {
 public:
  using Output = T;

  explicit JoinHandle(detail::TaskOutput<T>* cell) : cell_(cell) {}
  JoinHandle(JoinHandle&& other) noexcept : cell_(std::exchange(other.cell_, nullptr)) {}
  JoinHandle& operator=(JoinHandle other) noexcept {
    std::swap(cell_, other.cell_);
    return *this;
  }
  ~JoinHandle() {
    if (cell_) detail::detach_task(cell_);
  }

  Poll<T> poll(Context& cx) {
    assert(cell_ && !cell_->output_taken && "JoinHandle polled after it completed");
    if (cell_->state != detail::TaskState::complete) {
      cell_->join_waker.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("JoinHandle of task", static_cast<std::int64_t>(cell_->id));
      return pending;  // woken by the task's completion or cancellation
    }
    cell_->output_taken = true;
    if (cell_->cancelled) throw TaskCancelled(cell_->id);
    if (auto error = cell_->error()) std::rethrow_exception(error);
    if constexpr (std::is_void_v<T>) {
      return ready();
    } else {
      return std::move(*cell_->output);
    }
  }

  // Drops the task's future now. Awaiting the handle afterwards throws
  // TaskCancelled, unless the task had already completed.
  void cancel() { detail::cancel_task(cell_); }
  bool is_finished() const { return cell_->state == detail::TaskState::complete; }
  TaskId id() const { return cell_->id; }

 private:
  detail::TaskOutput<T>* cell_;  // holds one reference; null after a move
};

}  // namespace asyncplay
