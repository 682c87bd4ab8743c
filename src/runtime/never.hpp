#pragma once
// never(): a future that is never Ready. It ends only by being dropped, e.g. as
// the side of a race that must not win.
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay {

struct [[nodiscard]] Never {
  using Output = void;
  Poll<void> poll(Context& cx) {
    if (auto* trace = cx.trace()) trace->waits_forever("nothing: never() is never Ready");
    return pending;  // nobody will wake it: whoever holds it drops it instead
  }
};

inline Never never() { return {}; }

}  // namespace asyncplay
