#pragma once
// The move-assignment of a channel's end (oneshot, mpsc, broadcast): the old
// end is dropped as its destructor drops it (counts kept, waiters woken),
// then `other` is moved in, as if the end had been destroyed and built again
// from `other`. For whole objects whose move constructor cannot throw; not
// for a base-class part of a bigger object.
#include <memory>
#include <type_traits>
#include <utility>

namespace asyncplay::detail {

template <class End>
End& replace_end(End& self, End&& other) noexcept {
  static_assert(std::is_nothrow_move_constructible_v<End>);
  if (&self != &other) {
    std::destroy_at(&self);
    std::construct_at(&self, std::move(other));
  }
  return self;
}

}  // namespace asyncplay::detail
