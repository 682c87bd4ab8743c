#pragma once
// race(a, b, ...): a future that polls each of its futures in order and is Ready
// with the first output, as std::variant whose index says which one won. The
// others are dropped at that moment: losing is cancellation.
// The order is fixed (biased), so put the future that must win ties first.
// race_all(vector) does the same for many futures of one type: Ready with the
// winner's index and output.
#include <cassert>
#include <cstddef>
#include <optional>
#include <tuple>
#include <variant>
#include <vector>

#include "runtime/future.hpp"

namespace asyncplay {

template <Future... Fs>
class [[nodiscard]] Race {
 public:
  using Output = std::variant<Stored<OutputOf<Fs>>...>;

  explicit Race(Fs... futures) : futures_(std::move(futures)...) {}

  Poll<Output> poll(Context& cx) {
    std::optional<Output> winner;
    poll_from<0>(cx, winner);
    if (!winner) return pending;  // every future registered cx's waker
    std::apply([](auto&... f) { (f.reset(), ...); }, futures_);  // drop the losers
    return std::move(*winner);
  }

 private:
  template <std::size_t I>
  void poll_from(Context& cx, std::optional<Output>& winner) {
    if constexpr (I < sizeof...(Fs)) {
      auto& future = std::get<I>(futures_);
      auto result = future->poll(cx);
      if (result.is_ready()) {
        if constexpr (std::is_void_v<OutputOf<decltype(*future)>>) {
          winner.emplace(std::in_place_index<I>, Unit{});
        } else {
          winner.emplace(std::in_place_index<I>, result.take());
        }
        return;
      }
      poll_from<I + 1>(cx, winner);
    }
  }

  std::tuple<std::optional<Fs>...> futures_;  // all empty once one has won
};

template <Future... Fs>
Race<Fs...> race(Fs... futures) {
  return Race<Fs...>(std::move(futures)...);
}

// What race_all is Ready with: which future won (its place in the vector) and
// what it gave.
template <class T>
struct Won {
  std::size_t index;
  T output;
};

template <Future F>
class [[nodiscard]] RaceAll {
 public:
  using Output = Won<Stored<OutputOf<F>>>;

  // At least one future: a race of none could never be Ready.
  explicit RaceAll(std::vector<F> futures) : futures_(std::move(futures)) {
    assert(!futures_.empty() && "race_all of no futures is never Ready");
  }

  Poll<Output> poll(Context& cx) {
    assert(!futures_.empty() && "RaceAll polled after it completed");
    for (std::size_t i = 0; i < futures_.size(); ++i) {
      auto result = futures_[i].poll(cx);
      if (result.is_pending()) continue;
      std::optional<Output> won;
      if constexpr (std::is_void_v<OutputOf<F>>) {
        won.emplace(Output{i, Unit{}});
      } else {
        won.emplace(Output{i, result.take()});
      }
      futures_.clear();  // drop the losers, and the winner's spent future
      return std::move(*won);
    }
    return pending;  // every future registered cx's waker
  }

 private:
  // Moving the vector keeps its elements where they are, so a future is
  // never moved once polled. Empty once one has won.
  std::vector<F> futures_;
};

template <Future F>
RaceAll<F> race_all(std::vector<F> futures) {
  return RaceAll<F>(std::move(futures));
}

}  // namespace asyncplay
