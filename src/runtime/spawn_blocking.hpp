#pragma once
// spawn_blocking(fn): runs a blocking function on a pool thread and returns a
// future of its result, so a task can wait for blocking work (name lookup, file
// reads, stdin) without blocking the executor. The pool thread delivers the
// result by waking the waiting task from its own thread: the executor's remote
// queue takes that wake. Native only.
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

#include "runtime/blocking_pool.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay {

namespace detail {
template <class R>
struct BlockingResult {
  std::mutex mutex;
  std::optional<Stored<R>> value;
  std::exception_ptr error;
  bool done = false;
  Waker waker;  // the waiting task's waker, woken from the pool thread
};
}  // namespace detail

template <class R>
class [[nodiscard]] BlockingHandle {
 public:
  using Output = R;
  explicit BlockingHandle(std::shared_ptr<detail::BlockingResult<R>> shared)
      : shared_(std::move(shared)) {}

  Poll<R> poll(Context& cx) {
    std::unique_lock lock(shared_->mutex);
    if (!shared_->done) {
      shared_->waker.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("spawn_blocking: a pool thread");
      return pending;  // woken by the pool thread when the function returns
    }
    if (shared_->error) std::rethrow_exception(shared_->error);
    if constexpr (std::is_void_v<R>) {
      return ready();
    } else {
      return std::move(*shared_->value);
    }
  }

 private:
  std::shared_ptr<detail::BlockingResult<R>> shared_;
};

template <class Fn>
BlockingHandle<std::invoke_result_t<Fn>> spawn_blocking(Fn fn) {
  using R = std::invoke_result_t<Fn>;
  auto shared = std::make_shared<detail::BlockingResult<R>>();
  detail::run_blocking([shared, fn = std::move(fn)]() mutable {
    std::optional<Stored<R>> value;
    std::exception_ptr error;
    try {
      if constexpr (std::is_void_v<R>) {
        fn();
        value.emplace();
      } else {
        value.emplace(fn());
      }
    } catch (...) {
      error = std::current_exception();
    }
    Waker waker;
    {
      std::lock_guard lock(shared->mutex);
      shared->value = std::move(value);
      shared->error = error;
      shared->done = true;
      waker = std::move(shared->waker);
    }
    CauseScope cause({WakeCause::Kind::thread, "a pool thread: the spawn_blocking function returned"});
    waker.wake();
  });
  return BlockingHandle<R>(std::move(shared));
}

}  // namespace asyncplay
