// StallWatch: waits limited by one task's timer instead of one timer each.
#include "runtime/time/stall_watch.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/race.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using StallWatchTest = asyncplay::testing::RuntimeTest;

namespace {

// Runs `body` with the watch's task beside it, then stops that task.
template <class Body>
auto with_watch(Executor& executor, StallWatch& watch, Body body) {
  auto watching = executor.spawn(watch.run(), "stall watch");
  struct Stop {  // stops the watch's task however the body ends
    Executor& executor;
    JoinHandle<void>& watching;
    ~Stop() {
      watching.cancel();
      executor.block_on(sleep(0ms));  // lets the cancelled task go
    }
  } stop{executor, watching};
  return executor.block_on(std::move(body));
}

Task<int> never_opened(Gate<int>& gate) {
  Counted held;  // the frame's life: it must end with the timed-out wait
  co_return co_await gate.wait();
}

}  // namespace

TEST_F(StallWatchTest, TheFuturesOutputWhenItEndsInTime) {
  StallWatch watch(1s);
  auto quick = []() -> Task<int> {
    co_await sleep(1ms);
    co_return 7;
  };
  Result<int> r = with_watch(executor, watch, watch.limit(quick()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(watch.watched(), 0u);
}

TEST_F(StallWatchTest, AWaitPastTheLimitTimesOutAndItsFutureIsDropped) {
  StallWatch watch(80ms);
  Gate<int> gate;
  auto started = Clock::now();
  Result<int> r = with_watch(executor, watch, watch.limit(never_opened(gate)));
  auto waited = Clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(std::errc::timed_out));
  EXPECT_EQ(r.error().context(), "timed out after 80 ms");
  EXPECT_GE(waited, 80ms) << "ended before the limit";
  EXPECT_EQ(Counted::alive, 0) << "the timed-out future was not dropped";
  EXPECT_EQ(watch.watched(), 0u);
}

TEST_F(StallWatchTest, AWaitPastTheLimitEndsSoonAfterIt) {
  // It ends at the watch's fifth look (1.25 × the limit): well before a
  // sleep of five times the limit started with it, however late timers run.
  StallWatch watch(200ms);
  Gate<int> gate;
  auto raced = with_watch(executor, watch, race(watch.limit(never_opened(gate)), sleep(1s)));
  ASSERT_EQ(raced.index(), 0u) << "the wait outlasted five times its limit";
  EXPECT_TRUE(std::get<0>(raced).error().is(std::errc::timed_out));
}

TEST_F(StallWatchTest, EachWaitsLimitCountsFromItsOwnStart) {
  StallWatch watch(80ms);
  Gate<int> early_gate, late_gate;
  auto body = [](StallWatch& watch, Gate<int>& early_gate, Gate<int>& late_gate) -> Task<std::vector<Clock::duration>> {
    auto wait_from = [](StallWatch& watch, Gate<int>& gate, Clock::duration delay) -> Task<Clock::duration> {
      co_await sleep(delay);
      auto started = Clock::now();
      auto r = co_await watch.limit(never_opened(gate));
      EXPECT_FALSE(r.ok());
      co_return Clock::now() - started;
    };
    auto early = Executor::current().spawn(wait_from(watch, early_gate, 0ms));
    auto late = Executor::current().spawn(wait_from(watch, late_gate, 50ms));
    std::vector<Clock::duration> waited;
    waited.push_back(co_await early);
    waited.push_back(co_await late);
    co_return waited;
  };
  auto waited = with_watch(executor, watch, body(watch, early_gate, late_gate));
  ASSERT_EQ(waited.size(), 2u);
  EXPECT_GE(waited[0], 80ms);
  EXPECT_GE(waited[1], 80ms) << "the late wait was ended by the early one's looks";
}

TEST_F(StallWatchTest, WaitsThatEndOrAreDroppedLeaveNothingWatchedAndNoTimer) {
  StallWatch watch(1s);
  Gate<int> gate;
  auto body = [](StallWatch& watch, Gate<int>& gate, Executor& executor) -> Task<void> {
    // A thousand waits at once that end in time: all leave the list.
    std::vector<JoinHandle<Result<void>>> waits;
    for (int i = 0; i < 1000; ++i) waits.push_back(Executor::current().spawn(watch.limit(sleep(1ms))));
    for (auto& w : waits) {
      auto r = co_await w;
      EXPECT_TRUE(r.ok());
    }
    EXPECT_EQ(watch.watched(), 0u);
    // A wait dropped while watched (it loses a race) leaves the list too.
    auto raced = co_await race(watch.limit(never_opened(gate)), sleep(5ms));
    EXPECT_EQ(raced.index(), 1u);
    EXPECT_EQ(watch.watched(), 0u);
    // With nothing watched the watch's task holds no timer once its
    // current look is over.
    co_await sleep(300ms);
    EXPECT_EQ(executor.timers().size(), 0u) << "the idle watch kept a timer queued";
  };
  with_watch(executor, watch, body(watch, gate, executor));
}

TEST_F(StallWatchTest, AWaitDroppedAfterItsWatchIsGoneTouchesNothing) {
  Gate<int> gate;
  auto watch = std::make_unique<StallWatch>(1s);
  auto waiting = executor.spawn(watch->limit(never_opened(gate)), "watched wait");
  executor.block_on(sleep(1ms));  // the wait has been polled: it is linked
  EXPECT_EQ(watch->watched(), 1u);
  watch.reset();     // lets the wait go
  waiting.cancel();  // drops it: ASan says whether it touched the freed watch
  executor.block_on(sleep(0ms));
  EXPECT_EQ(Counted::alive, 0);
}
