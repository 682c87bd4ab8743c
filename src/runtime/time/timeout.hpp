#pragma once
// timeout(duration, future): the future's output as a Result, or an Error with
// std::errc::timed_out once the duration passes first (the future is dropped).
// A future whose output is already a Result<U> gives Result<U>, not a nest.
#include <chrono>
#include <string>

#include "runtime/result.hpp"
#include "runtime/time/sleep.hpp"

namespace asyncplay {

namespace detail {
template <class T>
struct Flatten {
  using type = Result<T>;
};
template <class U>
struct Flatten<Result<U>> {
  using type = Result<U>;
};
}  // namespace detail

template <Future F>
class [[nodiscard]] Timeout {
 public:
  using Output = typename detail::Flatten<OutputOf<F>>::type;

  Timeout(Clock::duration limit, F future)
      : future_(std::move(future)), sleep_(Clock::now() + limit), limit_(limit) {}

  Poll<Output> poll(Context& cx) {
    if (future_) {
      auto result = future_->poll(cx);
      if (result.is_ready()) {
        if constexpr (std::is_void_v<OutputOf<F>>) {
          return Output();
        } else {
          return Output(result.take());
        }
      }
    }
    if (sleep_.poll(cx).is_pending()) return pending;  // woken by the future or the timer
    future_.reset();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit_).count();
    return Output(Error(std::errc::timed_out, "timed out after " + std::to_string(ms) + " ms"));
  }

 private:
  std::optional<F> future_;  // dropped when time runs out
  Sleep sleep_;
  Clock::duration limit_;
};

template <Future F>
Timeout<F> timeout(Clock::duration limit, F future) {
  return Timeout<F>(limit, std::move(future));
}

}  // namespace asyncplay
