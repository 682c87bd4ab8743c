#pragma once
// The executor's driver in the browser (wasm build only). The page's event
// loop is the real loop: WebSocket callbacks and timers wake futures, and
// after each such event the executor runs ready tasks (a budget per turn, the
// rest in a later turn, so the page keeps painting). `block_on` sleeps through
// Asyncify instead of blocking: the page stays responsive while it waits.
#include "runtime/driver.hpp"

namespace asyncplay::io {

class BrowserDriver final : public Driver {
 public:
  // Sleeps (Asyncify) until unpark() or the timeout; a zero timeout returns at once.
  void park(std::optional<Clock::duration> timeout) override;
  void unpark() override;
};

// Installs a BrowserDriver into this thread's current executor (once).
void use_browser_driver();

// To call at the end of every browser event handler that may have woken a
// task: runs the executor now, or, if a block_on is asleep, wakes it.
void after_browser_event();

}  // namespace asyncplay::io
