#pragma once
// TaskCell<F>: one allocation per spawned task: the header, the future while it
// runs, then its output (or exception) until the JoinHandle takes it.
#include <exception>
#include <optional>

#include "runtime/detail/frame_pool.hpp"
#include "runtime/detail/task_header.hpp"
#include "runtime/future.hpp"
#include "runtime/task.hpp"

namespace asyncplay::detail {

// The output half, which JoinHandle<T> reads without knowing F.
template <class T>
struct TaskOutput : TaskHeader {
  using TaskHeader::TaskHeader;
  std::optional<T> output;  // set when the future is Ready
};
template <>
struct TaskOutput<void> : TaskHeader {  // nothing to keep: `complete` says it all
  using TaskHeader::TaskHeader;
};

// Holds the future while it runs. A Task can be empty by itself, so it needs
// no std::optional around it (8 bytes less per task).
template <class F>
struct FutureSlot {
  std::optional<F> future;
  explicit FutureSlot(F&& f) : future(std::move(f)) {}
  F& get() { return *future; }
  void reset() { future.reset(); }
};
template <class T>
struct FutureSlot<Task<T>> {
  Task<T> future;
  explicit FutureSlot(Task<T>&& f) : future(std::move(f)) {}
  Task<T>& get() { return future; }
  void reset() { future = Task<T>(); }
};

// Called by the cell when its future is done (defined by the executor).
void complete_task(TaskHeader* task);

template <Future F>
struct TaskCell final : TaskOutput<OutputOf<F>> {
  using Output = OutputOf<F>;

  explicit TaskCell(F&& f) : TaskOutput<Output>(&vtable), future(std::move(f)) {}

  static void* operator new(std::size_t size) { return frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) { frame_free(p, size); }

  static void poll(TaskHeader* header) { poll_with(header, nullptr); }
  static void poll_traced(TaskHeader* header, PollTrace* trace) { poll_with(header, trace); }
  // Inlined into both: with a null constant, every cx.trace() test in the
  // Tasks inlined here folds away.
  [[gnu::always_inline]] static void poll_with(TaskHeader* header, PollTrace* trace) {
    auto* cell = static_cast<TaskCell*>(header);
    // The executor's reference keeps the task alive during the poll, so the
    // Context's Waker borrows it instead of taking one more.
    Waker waker(&task_waker_vtable, header);
    Context cx(waker, trace);
    try {
      auto result = cell->future.get().poll(cx);
      waker.forget();
      if (result.is_pending()) return;  // the future registered `waker` to be woken
      if constexpr (!std::is_void_v<Output>) cell->output.emplace(result.take());
    } catch (...) {
      waker.forget();
      cell->set_error(std::current_exception());
    }
    complete_task(header);
  }
  static void drop_future(TaskHeader* header) { static_cast<TaskCell*>(header)->future.reset(); }
  static void deallocate(TaskHeader* header) { delete static_cast<TaskCell*>(header); }

  static constexpr TaskVtable vtable{&poll, &poll_traced, &drop_future, &deallocate};

  FutureSlot<F> future;  // empty once complete or cancelled
};

}  // namespace asyncplay::detail
