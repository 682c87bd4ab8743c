#pragma once
// How `co_await fut` works inside a Task: the awaiter polls `fut` with the
// Context the Task itself is being polled with. Ready: the coroutine carries on
// without suspending. Pending: the coroutine suspends and leaves the promise a
// pointer to this awaiter, so the Task's next poll re-polls `fut` first and
// resumes the coroutine only once `fut` is Ready — Rust's model exactly.
//
// Frame size matters (a parked task is mostly its frames), and g++ gives every
// co_await its own awaiter in the frame. So an awaiter holds only the future's
// address (then, once Ready, where an exception waits) and its output; the
// Context and an exception the future threw live once per frame, in the
// promise. (A thread-local Context would save 8 more bytes per frame, but a
// thread-local store on every poll made wake->poll ~50% slower here.)
#include <exception>
#include <optional>
#include <utility>

#include "runtime/detail/coroutine.hpp"
#include "runtime/future.hpp"

namespace asyncplay::detail {

// The part of every Task promise an awaiter needs.
struct PromiseBase {
  union {
    Context* cx = nullptr;  // while the body runs: the Context of this poll (set by Task::poll)
    void* awaiter;          // while suspended on a Pending future: its awaiter
  };
  // Set while suspended: polls `awaiter`'s future, true when Ready.
  bool (*poll_awaited)(void* awaiter, PromiseBase& promise, Context& cx) = nullptr;
  std::exception_ptr error;  // what an awaited future threw (until rethrown in the body), or what the body threw
};

template <class F>
class FutureAwaiter {
 public:
  using Output = OutputOf<F>;
  explicit FutureAwaiter(F& future) : future_(&future) {}

  bool await_ready() const noexcept { return false; }

  template <class Promise>
  bool await_suspend(coro::coroutine_handle<Promise> handle) {
    PromiseBase& promise = handle.promise();
    if (poll_once(promise, *promise.cx)) return false;  // Ready: no suspension
    // Pending: the future registered the waker of promise.cx; the Task's
    // next poll comes back here through poll_awaited before resuming the body.
    promise.awaiter = this;
    promise.poll_awaited = &poll_erased;
    return true;
  }

  Output await_resume() {
    // An exception from the awaited future is rethrown here, inside the
    // awaiting coroutine, where the body's own try/catch can see it.
    if (failed_in_) std::rethrow_exception(std::exchange(failed_in_->error, nullptr));
    if constexpr (!std::is_void_v<Output>) return std::move(*output_);
  }

 private:
  static bool poll_erased(void* self, PromiseBase& promise, Context& cx) {
    return static_cast<FutureAwaiter*>(self)->poll_once(promise, cx);
  }
  bool poll_once(PromiseBase& promise, Context& cx) {
    try {
      auto result = future_->poll(cx);
      if (result.is_pending()) return false;
      if constexpr (!std::is_void_v<Output>) output_.emplace(result.take());
    } catch (...) {
      promise.error = std::current_exception();
      failed_in_ = &promise;
      return true;
    }
    failed_in_ = nullptr;
    return true;
  }

  // Output-less awaiters keep nothing but the future's address.
  struct NoOutput {
    template <class U>
    void emplace(U&&) {}
  };
  using OutputSlot = std::conditional_t<std::is_void_v<Output>, NoOutput, std::optional<Stored<Output>>>;

  union {
    F* future_;                // until Ready; the future lives in the frame for the whole co_await
    PromiseBase* failed_in_;   // once Ready: the promise holding what it threw, or null
  };
  [[no_unique_address]] OutputSlot output_;
};

}  // namespace asyncplay::detail
