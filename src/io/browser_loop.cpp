// The browser back end of the executor's loop (see browser_loop.hpp).
#include "io/browser_loop.hpp"

#include <emscripten.h>

#include <chrono>

#include "runtime/executor.hpp"

namespace asyncplay::io {
namespace {

// One Asyncify sleep at a time (Asyncify's own rule): `block_on` parks here.
// The wake-up is saved so unpark() can end the sleep early; it always runs
// from a fresh turn of the event loop (setTimeout 0), never inside a callback.
EM_JS(void, asyncplay_park_js, (double ms), {
  return Asyncify.handleSleep(function(wakeUp) {
    var done = false;
    var finish = function() {
      if (done) return;
      done = true;
      Module.asyncplayWake = null;
      wakeUp();
    };
    Module.asyncplayWake = function() { setTimeout(finish, 0); };
    if (ms >= 0) setTimeout(finish, ms);
  });
});

EM_JS(void, asyncplay_wake_js, (), {
  if (Module.asyncplayWake) Module.asyncplayWake();
});

// At most one tick is pending; a request for an earlier one replaces it.
EM_JS(void, asyncplay_schedule_tick_js, (double ms), {
  var due = Date.now() + ms;
  var pending = Module.asyncplayTick;
  if (pending && pending.due <= due) return;
  if (pending) clearTimeout(pending.id);
  var tick = { due: due };
  tick.id = setTimeout(function() {
    Module.asyncplayTick = null;
    Module._asyncplay_tick();
  }, ms);
  Module.asyncplayTick = tick;
});

bool sleeping = false;  // a block_on is parked in asyncplay_park_js

// Runs what is ready, within one budget, then arranges the next turn.
void tick() {
  Executor& executor = Executor::current();
  if (executor.run_turn()) return asyncplay_schedule_tick_js(0);  // more next turn: let the page paint
  // A timer, or the end of a poll delay; paused, only a step or play comes back.
  if (auto next = executor.next_wakeup()) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*next - Clock::now()).count();
    asyncplay_schedule_tick_js(ms < 0 ? 0 : static_cast<double>(ms));
  }
}

}  // namespace

void BrowserDriver::park(std::optional<Clock::duration> timeout) {
  if (timeout && *timeout <= Clock::duration::zero()) return;
  double ms = timeout ? std::chrono::duration<double, std::milli>(*timeout).count() : -1;
  sleeping = true;
  asyncplay_park_js(ms);  // the page goes on; we come back on unpark or timeout
  sleeping = false;
}

void BrowserDriver::unpark() { asyncplay_wake_js(); }

void use_browser_driver() {
  Executor& executor = Executor::current();
  if (!dynamic_cast<BrowserDriver*>(&executor.driver())) executor.set_driver(std::make_unique<BrowserDriver>());
}

void after_browser_event() {
  if (sleeping) return asyncplay_wake_js();  // block_on runs the tasks when it wakes
  if (Executor::running()) return;           // already inside the executor
  tick();
}

}  // namespace asyncplay::io

// Called by the page's timers (asyncplay_schedule_tick_js).
extern "C" EMSCRIPTEN_KEEPALIVE void asyncplay_tick() { asyncplay::io::after_browser_event(); }
