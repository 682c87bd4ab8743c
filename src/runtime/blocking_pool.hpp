#pragma once
// The pool of threads that run blocking work for spawn_blocking (native only:
// the browser has no threads here). Threads start on demand, up to a limit, and
// end after a while idle.
#include <functional>

namespace asyncplay::detail {

void run_blocking(std::function<void()> job);

}  // namespace asyncplay::detail
