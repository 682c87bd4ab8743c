// Waker: clone, store, wake more than once; what a wake does to a task.
#include "runtime/waker.hpp"

#include <gtest/gtest.h>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using WakerTest = asyncplay::testing::RuntimeTest;

namespace {
// A leaf future that hands its waker out and counts how often it is polled.
struct Parked {
  Waker* out;
  int* polls;
  bool* done;
  using Output = void;
  Poll<void> poll(Context& cx) {
    ++*polls;
    if (*done) return ready();
    *out = cx.waker();
    return pending;  // woken by whoever holds *out
  }
};
Task<void> park(Waker& out, int& polls, bool& done) { co_await Parked{&out, &polls, &done}; }
}  // namespace

TEST(Waker, AnEmptyWakerDoesNothing) {
  Waker w;
  EXPECT_FALSE(w);
  w.wake_by_ref();
  w.wake();
}

TEST_F(WakerTest, ClonesOfAWakerAllWakeTheSameTask) {
  Waker stored;
  int polls = 0;
  bool done = false;
  auto handle = executor.spawn(park(stored, polls, done));
  executor.run_until_idle();
  ASSERT_EQ(polls, 1);
  Waker copy = stored;
  EXPECT_TRUE(copy.will_wake(stored));
  copy.wake();
  EXPECT_FALSE(copy) << "wake() consumes the waker";
  executor.run_until_idle();
  EXPECT_EQ(polls, 2);
  done = true;
  stored.wake_by_ref();
  executor.run_until_idle();
  EXPECT_TRUE(handle.is_finished());
}

TEST_F(WakerTest, ManyWakesBeforeThePollMeanOnePoll) {
  Waker stored;
  int polls = 0;
  bool done = false;
  auto handle = executor.spawn(park(stored, polls, done));
  executor.run_until_idle();
  Waker a = stored, b = stored;
  a.wake();
  b.wake();
  stored.wake_by_ref();
  executor.run_until_idle();
  EXPECT_EQ(polls, 2) << "a task is queued at most once";
  done = true;
  stored.wake();
  executor.run_until_idle();
}

TEST_F(WakerTest, WakingACompletedTaskDoesNothing) {
  Waker stored;
  int polls = 0;
  bool done = false;
  auto handle = executor.spawn(park(stored, polls, done));
  executor.run_until_idle();
  done = true;
  Waker kept = stored;
  stored.wake();
  executor.run_until_idle();
  ASSERT_TRUE(handle.is_finished());
  kept.wake();
  executor.run_until_idle();
  EXPECT_EQ(polls, 2);
}

TEST(WakerLifetime, AWakerOutlivingItsExecutorIsInert) {
  Waker stored;
  int polls = 0;
  bool done = false;
  {
    Executor executor;
    executor.spawn(park(stored, polls, done));
    executor.run_until_idle();
  }
  stored.wake_by_ref();
  stored.wake();
  EXPECT_EQ(polls, 1);
}
