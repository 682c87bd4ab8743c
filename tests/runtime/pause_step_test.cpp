// The executor's one loop, paused, stepped and slowed: wakes keep arriving
// and queue their tasks, and each step polls exactly one task.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Gate;
using PauseStepTest = asyncplay::testing::RuntimeTest;

namespace {
Task<void> note(std::vector<std::string>& log, std::string name, Gate<int>& gate) {
  log.push_back(name + " starts");
  co_await gate.wait();
  log.push_back(name + " resumes");
}
}  // namespace

TEST_F(PauseStepTest, APausedExecutorPollsNothingWhileWakesQueue) {
  std::vector<std::string> log;
  Gate<int> a, b;
  executor.pause();
  auto ta = executor.spawn(note(log, "a", a));
  auto tb = executor.spawn(note(log, "b", b));
  executor.run_until_idle();
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(executor.ready_tasks(), 2u);
  EXPECT_FALSE(executor.run_turn()) << "nothing is runnable while paused";

  EXPECT_TRUE(executor.step());
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"a starts"}));
  EXPECT_TRUE(executor.step());
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"a starts", "b starts"}));
  EXPECT_EQ(executor.ready_tasks(), 0u);

  b.open(2);  // the wake arrives while paused: b is queued, not polled
  a.open(1);
  executor.run_until_idle();
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(executor.ready_tasks(), 2u);
  executor.step();
  executor.run_until_idle();
  EXPECT_EQ(log.back(), "b resumes") << "in the order the wakes came";
  EXPECT_EQ(log.size(), 3u);

  executor.play();
  executor.run_until_idle();
  EXPECT_EQ(log.back(), "a resumes");
  EXPECT_TRUE(ta.is_finished() && tb.is_finished());
}

TEST_F(PauseStepTest, AStepWithNothingReadyWaitsForTheNextPoll) {
  std::vector<std::string> log;
  Gate<int> gate;
  auto task = executor.spawn(note(log, "t", gate));
  executor.run_until_idle();
  executor.pause();
  EXPECT_FALSE(executor.step()) << "no task was ready";
  gate.open(1);
  executor.run_until_idle();
  EXPECT_EQ(log.back(), "t resumes") << "the step went to the next runnable task";
  EXPECT_TRUE(task.is_finished());
  executor.play();
}

TEST_F(PauseStepTest, BlockOnGoesOnOnceStepped) {
  executor.pause();
  executor.step();
  executor.step();
  executor.step();
  // block_on's own task, the body, and nothing more: three polls are enough.
  int out = executor.block_on([]() -> Task<int> {
    auto inner = spawn([]() -> Task<int> { co_return 20; }());
    co_return 1 + co_await inner;
  }());
  EXPECT_EQ(out, 21);
  executor.play();
}

TEST_F(PauseStepTest, ACancelledTaskInTheQueueIsNotAStep) {
  std::vector<std::string> log;
  Gate<int> a, b;
  executor.pause();
  auto ta = executor.spawn(note(log, "a", a));
  auto tb = executor.spawn(note(log, "b", b));
  ta.cancel();
  executor.step();
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"b starts"}));
  tb.cancel();
  executor.play();
}

TEST_F(PauseStepTest, APollDelaySpacesThePolls) {
  std::vector<std::string> log;
  Gate<int> a, b;
  executor.set_poll_delay(50ms);
  auto ta = executor.spawn(note(log, "a", a));
  auto tb = executor.spawn(note(log, "b", b));
  EXPECT_FALSE(executor.run_turn()) << "one poll, then nothing is runnable until the delay has passed";
  EXPECT_EQ(log.size(), 1u);
  EXPECT_FALSE(executor.run_turn());
  EXPECT_EQ(log.size(), 1u);
  auto next = executor.next_wakeup();
  ASSERT_TRUE(next.has_value());
  EXPECT_GT(*next, Clock::now());
  executor.run_until([&] { return log.size() == 2; });  // parks until the delay has passed
  EXPECT_EQ(log.back(), "b starts");
  executor.set_poll_delay(0ms);
  a.open(1);
  b.open(2);
  executor.run_until_idle();
  EXPECT_TRUE(ta.is_finished() && tb.is_finished());
}

TEST_F(PauseStepTest, RunModesStopWhereTheySay) {
  std::vector<std::string> log;
  Gate<int> gate;
  executor.set_budget(1);
  auto first = executor.spawn(note(log, "one", gate));
  auto second = executor.spawn([]() -> Task<void> { co_return; }());
  EXPECT_TRUE(executor.run(RunMode::turn)) << "a turn polls one budget and says more is ready";
  EXPECT_FALSE(executor.run(RunMode::until_idle));
  EXPECT_TRUE(second.is_finished());
  gate.open(1);
  executor.run(RunMode::until_done, [&] { return first.is_finished(); });
  EXPECT_EQ(log.back(), "one resumes");
  executor.set_budget(128);
}
