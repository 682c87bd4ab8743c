#pragma once
// join(a, b, ...): a future that runs its futures concurrently and is Ready with
// all their outputs as a tuple. join_all(vector) does the same for many futures
// of one type. Each future is dropped as soon as it completes.
#include <optional>
#include <tuple>
#include <vector>

#include "runtime/future.hpp"

namespace asyncplay {

template <Future... Fs>
class [[nodiscard]] Join {
 public:
  using Output = std::tuple<Stored<OutputOf<Fs>>...>;

  explicit Join(Fs... futures) : futures_(std::move(futures)...) {}

  Poll<Output> poll(Context& cx) {
    bool all_done = poll_from<0>(cx);
    if (!all_done) return pending;  // each unfinished future registered cx's waker
    return std::apply([](auto&... out) { return Output(std::move(*out)...); }, outputs_);
  }

 private:
  template <std::size_t I>
  bool poll_from(Context& cx) {
    if constexpr (I == sizeof...(Fs)) {
      return true;
    } else {
      auto& future = std::get<I>(futures_);
      if (future) {
        auto result = future->poll(cx);
        if (result.is_ready()) {
          if constexpr (std::is_void_v<OutputOf<decltype(*future)>>) {
            std::get<I>(outputs_).emplace();
          } else {
            std::get<I>(outputs_).emplace(result.take());
          }
          future.reset();
        }
      }
      bool rest = poll_from<I + 1>(cx);
      return !future && rest;
    }
  }

  std::tuple<std::optional<Fs>...> futures_;                  // empty once done
  std::tuple<std::optional<Stored<OutputOf<Fs>>>...> outputs_;  // filled as they finish
};

template <Future... Fs>
Join<Fs...> join(Fs... futures) {
  return Join<Fs...>(std::move(futures)...);
}

template <Future F>
class [[nodiscard]] JoinAll {
 public:
  using Output = std::vector<Stored<OutputOf<F>>>;

  explicit JoinAll(std::vector<F> futures) : outputs_(futures.size()) {
    for (auto& f : futures) futures_.emplace_back(std::move(f));
    remaining_ = futures_.size();
  }

  Poll<Output> poll(Context& cx) {
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      if (!futures_[i]) continue;
      auto result = futures_[i]->poll(cx);
      if (result.is_pending()) continue;
      if constexpr (std::is_void_v<OutputOf<F>>) {
        outputs_[i].emplace();
      } else {
        outputs_[i].emplace(result.take());
      }
      futures_[i].reset();
      --remaining_;
    }
    if (remaining_ > 0) return pending;  // each unfinished future registered cx's waker
    Output out;
    out.reserve(outputs_.size());
    for (auto& o : outputs_) out.push_back(std::move(*o));
    return out;
  }

 private:
  std::vector<std::optional<F>> futures_;
  std::vector<std::optional<Stored<OutputOf<F>>>> outputs_;
  std::size_t remaining_ = 0;
};

template <Future F>
JoinAll<F> join_all(std::vector<F> futures) {
  return JoinAll<F>(std::move(futures));
}

}  // namespace asyncplay
