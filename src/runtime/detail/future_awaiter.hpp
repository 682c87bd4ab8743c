#pragma once
// How `co_await fut` works inside a Task: the awaiter polls `fut` with the
// Context the Task itself is being polled with. Ready: the coroutine carries on
// without suspending. Pending: the coroutine suspends and leaves the promise a
// pointer to this awaiter, so the Task's next poll re-polls `fut` first and
// resumes the coroutine only once `fut` is Ready — Rust's model exactly.
#include <exception>
#include <optional>

#include "runtime/detail/coroutine.hpp"
#include "runtime/future.hpp"

namespace asyncplay::detail {

// What a suspended Task is waiting on, type-erased: poll it, true when Ready.
struct AwaitedFuture {
  void* awaiter = nullptr;
  bool (*poll)(void* awaiter, Context& cx) = nullptr;
};

// The part of every Task promise an awaiter needs.
struct PromiseBase {
  Context* cx = nullptr;    // set by Task::poll for the length of one resume
  AwaitedFuture awaited{};  // set while suspended on a Pending future
};

template <class F>
class FutureAwaiter {
 public:
  using Output = OutputOf<F>;
  explicit FutureAwaiter(F& future) : future_(future) {}

  bool await_ready() const noexcept { return false; }

  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    PromiseBase& promise = handle.promise();
    if (poll_once(*promise.cx)) return false;  // Ready: no suspension
    // Pending: `future_` registered promise.cx's waker; the Task's next poll
    // comes back here through `awaited` before resuming the body.
    promise.awaited = {this, &poll_erased};
    return true;
  }

  Output await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<Output>) return std::move(*output_);
  }

 private:
  static bool poll_erased(void* self, Context& cx) {
    return static_cast<FutureAwaiter*>(self)->poll_once(cx);
  }
  // An exception from the awaited future is kept and rethrown inside the
  // awaiting coroutine, where the body's own try/catch can see it.
  bool poll_once(Context& cx) {
    try {
      auto result = future_.poll(cx);
      if (result.is_pending()) return false;
      if constexpr (!std::is_void_v<Output>) output_.emplace(result.take());
    } catch (...) {
      error_ = std::current_exception();
    }
    return true;
  }

  F& future_;  // lives in the coroutine frame for the whole co_await
  std::optional<Stored<Output>> output_;
  std::exception_ptr error_;
};

}  // namespace asyncplay::detail
