#pragma once
// Task<T>: the return type of async functions, itself a Future.
//
//   Task<std::string> cheapo_request(...) { ... co_await ...; co_return response; }
//
// Lazy: calling the function allocates the frame and runs nothing. Each poll()
// resumes the body until it finishes (Ready) or awaits a future that is Pending
// (Pending; that future registered the waker). Destroying a Task destroys its
// frame: that is cancellation, and every future held in the frame is dropped too.
#include <cassert>
#include <exception>
#include <optional>
#include <utility>

#include "runtime/detail/coroutine.hpp"
#include "runtime/detail/future_awaiter.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay {

template <class T = void>
class [[nodiscard]] Task;

namespace detail {

template <class T>
struct TaskPromise;

template <class T>
struct TaskPromiseBase : PromiseBase {
  coro::suspend_always initial_suspend() noexcept { return {}; }  // lazy
  coro::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() { this->error = std::current_exception(); }

  // Only Futures can be awaited: that keeps one model of waiting everywhere.
  // `site` is filled in by the compiler with the co_await's own file, line
  // and function; only a tracer looks at it.
  // (Three scalars, not an AwaitSite: constants in registers, nothing stored
  // unless a tracer looks.)
  template <class F>
    requires Future<F>
  FutureAwaiter<std::remove_reference_t<F>> await_transform(F&& future, const char* file = __builtin_FILE(),
                                                            std::uint32_t line = __builtin_LINE(),
                                                            const char* function = __builtin_FUNCTION()) {
    if (PollTrace* trace = this->cx->trace()) [[unlikely]] trace->at_await(file, line, function, frame());
    return FutureAwaiter<std::remove_reference_t<F>>(future);
  }

  // Frames come from a per-size free list: spawning is the hot path. While a
  // tracer is installed their sizes are noted, for "N bytes keep the locals".
  // (Both out of line: a test inline here made every coroutine's ramp too
  // big to inline into its caller.)
  static void* operator new(std::size_t size) { return task_frame_alloc(size); }
  static void operator delete(void* p, std::size_t size) { task_frame_free(p, size); }

 private:
  const void* frame() {
    return coro::coroutine_handle<TaskPromise<T>>::from_promise(static_cast<TaskPromise<T>&>(*this)).address();
  }
};

template <class T>
struct TaskPromise : TaskPromiseBase<T> {
  Task<T> get_return_object();
  template <class U>
  void return_value(U&& value) {
    result.emplace(std::forward<U>(value));
  }
  std::optional<T> result;
};

template <>
struct TaskPromise<void> : TaskPromiseBase<void> {
  Task<void> get_return_object();
  void return_void() {}
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
 public:
  using Output = T;
  using promise_type = detail::TaskPromise<T>;
  using Handle = coro::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle handle) : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  ~Task() {
    if (handle_) handle_.destroy();
  }

  Poll<T> poll(Context& cx) {
    assert(handle_ && !handle_.done() && "Task polled after it completed");
    promise_type& promise = handle_.promise();
    // One level deeper in the poll's trace, if any: left again on every way out.
    PollTrace* trace = cx.trace();
    if (trace) [[unlikely]] trace->enter_task();
    if (promise.poll_awaited) {
      // Still Pending: the awaited future registered cx's waker again.
      if (!promise.poll_awaited(promise.awaiter, promise, cx)) {
        if (trace) [[unlikely]] trace->leave_task();
        return pending;
      }
      promise.poll_awaited = nullptr;
    }
    promise.cx = &cx;
    handle_.resume();  // never throws: the body's exceptions land in promise.error
    if (trace) [[unlikely]] trace->leave_task();
    // Not done means the body awaits a Pending future, which registered cx's waker.
    if (!handle_.done()) return pending;
    if (promise.error) std::rethrow_exception(promise.error);
    if constexpr (std::is_void_v<T>) {
      return ready();
    } else {
      return std::move(*promise.result);
    }
  }

  bool valid() const { return static_cast<bool>(handle_); }

 private:
  Handle handle_;  // owns the frame; empty after a move
};

namespace detail {
template <class T>
Task<T> TaskPromise<T>::get_return_object() {
  return Task<T>(coro::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}
inline Task<void> TaskPromise<void>::get_return_object() {
  return Task<void>(coro::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}
}  // namespace detail

}  // namespace asyncplay
