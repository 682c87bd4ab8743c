#pragma once
// race(a, b, ...): a future that polls each of its futures in order and is Ready
// with the first output, as std::variant whose index says which one won. The
// others are dropped at that moment: losing is cancellation.
// The order is fixed (biased), so put the future that must win ties first.
#include <optional>
#include <tuple>
#include <variant>

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

}  // namespace asyncplay
