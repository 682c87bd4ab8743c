#pragma once
// The Future concept: anything with `Output` and `poll(Context&) -> Poll<Output>`.
// A future does nothing until polled. When poll returns Pending it must first have
// arranged for cx.waker() to be woken once progress is possible. A future that has
// been polled must not be moved (Rust enforces this with Pin; here it is a rule).
#include <concepts>
#include <type_traits>

#include "runtime/context.hpp"
#include "runtime/poll.hpp"

namespace asyncplay {

template <class F>
concept Future = requires(F& f, Context& cx) {
  typename std::remove_cvref_t<F>::Output;
  { f.poll(cx) } -> std::same_as<Poll<typename std::remove_cvref_t<F>::Output>>;
};

template <Future F>
using OutputOf = typename std::remove_cvref_t<F>::Output;

// `void` cannot be stored; combinators hold a void output as this.
struct Unit {
  friend bool operator==(Unit, Unit) { return true; }
};
template <class T>
using Stored = std::conditional_t<std::is_void_v<T>, Unit, T>;

}  // namespace asyncplay
