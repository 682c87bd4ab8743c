#pragma once
// Poll<T>: the answer of a future's poll(), as in Rust: Ready(value) or Pending.
#include <optional>
#include <utility>

namespace asyncplay {

struct PendingTag {};
inline constexpr PendingTag pending{};

template <class T>
class [[nodiscard]] Poll {
 public:
  Poll(PendingTag) {}
  Poll(T value) : value_(std::move(value)) {}

  bool is_ready() const { return value_.has_value(); }
  bool is_pending() const { return !value_.has_value(); }
  // Only valid when ready; moves the value out.
  T take() { return std::move(*value_); }
  T& value() { return *value_; }

 private:
  std::optional<T> value_;  // empty means Pending
};

// A future whose output is void is Ready with nothing in it.
template <>
class [[nodiscard]] Poll<void> {
 public:
  Poll(PendingTag) {}
  static Poll ready() { return Poll(true); }

  bool is_ready() const { return ready_; }
  bool is_pending() const { return !ready_; }
  void take() {}

 private:
  explicit Poll(bool ready) : ready_(ready) {}
  bool ready_ = false;  // false means Pending
};

inline Poll<void> ready() { return Poll<void>::ready(); }

}  // namespace asyncplay
