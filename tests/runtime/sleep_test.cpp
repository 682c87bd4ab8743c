// sleep(): timers on the executor's timer queue.
#include "runtime/time/sleep.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using SleepTest = asyncplay::testing::RuntimeTest;

TEST_F(SleepTest, SleepCompletesAfterItsDurationAndNotBefore) {
  auto start = Clock::now();
  executor.block_on(sleep(20ms));
  EXPECT_GE(Clock::now() - start, 20ms);
}

TEST_F(SleepTest, SleepsCompleteInDeadlineOrder) {
  std::vector<int> order;
  auto nap = [](std::vector<int>& out, int ms) -> Task<void> {
    co_await sleep(std::chrono::milliseconds(ms));
    out.push_back(ms);
  };
  auto all = [&]() -> Task<void> {
    auto a = spawn(nap(order, 30));
    auto b = spawn(nap(order, 10));
    auto c = spawn(nap(order, 20));
    co_await a;
    co_await b;
    co_await c;
  };
  executor.block_on(all());
  EXPECT_EQ(order, (std::vector<int>{10, 20, 30}));
}

TEST_F(SleepTest, SleepsRunConcurrentlyNotOneAfterAnother) {
  auto nap = []() -> Task<void> { co_await sleep(30ms); };
  auto all = [&]() -> Task<void> {
    std::vector<JoinHandle<void>> handles;
    for (int i = 0; i < 10; ++i) handles.push_back(spawn(nap()));
    for (auto& h : handles) co_await h;
  };
  auto start = Clock::now();
  executor.block_on(all());
  EXPECT_LT(Clock::now() - start, 10 * 30ms) << "ten 30 ms sleeps took as long as in sequence";
}

TEST_F(SleepTest, DroppingASleepRemovesItFromTheTimerQueue) {
  auto body = []() -> Task<void> { co_await sleep(1h); };
  auto handle = executor.spawn(body());
  executor.run_until_idle();
  EXPECT_EQ(executor.timers().size(), 1u);
  handle.cancel();
  EXPECT_EQ(executor.timers().size(), 0u);
}

TEST_F(SleepTest, ZeroSleepIsReadyAtOnce) {
  executor.block_on(sleep(0ms));
}

TEST(TimerQueue, RemovingFromTheMiddleKeepsTheHeapOrdered) {
  TimerQueue queue;
  std::vector<TimerEntry> entries(50);
  auto base = Clock::now();
  for (int i = 0; i < 50; ++i) {
    entries[i].deadline = base + std::chrono::milliseconds((i * 37) % 50);
    queue.insert(&entries[i]);
  }
  for (int i = 0; i < 50; i += 3) queue.remove(&entries[i]);
  Clock::time_point last = base - 1ms;
  while (auto next = queue.next_deadline()) {
    EXPECT_GE(*next, last);
    last = *next;
    queue.fire_expired(*next);
  }
  EXPECT_EQ(queue.size(), 0u);
}
