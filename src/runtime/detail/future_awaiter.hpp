#pragma once
// How `co_await fut` works inside a Task: the awaiter polls `fut` with the
// Context the Task itself is being polled with. Ready: the coroutine carries on
// without suspending. Pending: the coroutine suspends and leaves the promise a
// pointer to this awaiter, so the Task's next poll re-polls `fut` first and
// resumes the coroutine only once `fut` is Ready — Rust's model exactly.
//
// Frame size matters (a parked task is mostly its frames), and g++ gives every
// co_await its own awaiter in the frame. So an awaiter holds only the future's
// address and its output; the Context and an exception the future threw live
// once per thread and once per frame instead (`resuming`, PromiseBase::error).
#include <exception>
#include <optional>
#include <utility>

#include "runtime/detail/coroutine.hpp"
#include "runtime/future.hpp"

namespace asyncplay::detail {

struct PromiseBase;

// What a suspended Task is waiting on, type-erased: poll it, true when Ready.
struct AwaitedFuture {
  void* awaiter = nullptr;
  bool (*poll)(void* awaiter, PromiseBase& promise, Context& cx) = nullptr;
};

// The part of every Task promise an awaiter needs.
struct PromiseBase {
  AwaitedFuture awaited{};   // set while suspended on a Pending future
  std::exception_ptr error;  // what an awaited future threw (until rethrown in the body), or what the body threw
};

// The Task being resumed on this thread, set by Task::poll for the length of
// one resume (and restored after, as Tasks poll Tasks).
struct Resuming {
  Context* cx = nullptr;
  PromiseBase* promise = nullptr;
};
inline thread_local Resuming resuming;

template <class F>
class FutureAwaiter {
 public:
  using Output = OutputOf<F>;
  explicit FutureAwaiter(F& future) : future_(future) {}

  bool await_ready() const noexcept { return false; }

  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    PromiseBase& promise = handle.promise();
    if (poll_once(promise, *resuming.cx)) return false;  // Ready: no suspension
    // Pending: `future_` registered the resuming context's waker; the Task's
    // next poll comes back here through `awaited` before resuming the body.
    promise.awaited = {this, &poll_erased};
    return true;
  }

  Output await_resume() {
    // An exception from the awaited future is rethrown here, inside the
    // awaiting coroutine, where the body's own try/catch can see it.
    if (PromiseBase* promise = resuming.promise; promise->error) {
      std::rethrow_exception(std::exchange(promise->error, nullptr));
    }
    if constexpr (!std::is_void_v<Output>) return std::move(*output_);
  }

 private:
  static bool poll_erased(void* self, PromiseBase& promise, Context& cx) {
    return static_cast<FutureAwaiter*>(self)->poll_once(promise, cx);
  }
  bool poll_once(PromiseBase& promise, Context& cx) {
    try {
      auto result = future_.poll(cx);
      if (result.is_pending()) return false;
      if constexpr (!std::is_void_v<Output>) output_.emplace(result.take());
    } catch (...) {
      promise.error = std::current_exception();
    }
    return true;
  }

  // Output-less awaiters keep nothing but the future's address.
  struct NoOutput {
    template <class U>
    void emplace(U&&) {}
  };
  using OutputSlot = std::conditional_t<std::is_void_v<Output>, NoOutput, std::optional<Stored<Output>>>;

  F& future_;  // lives in the coroutine frame for the whole co_await
  [[no_unique_address]] OutputSlot output_;
};

}  // namespace asyncplay::detail
