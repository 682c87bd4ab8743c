// Executor: block_on, spawn, running until idle, and what it leaves behind.
#include "runtime/executor.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/task.hpp"
#include "runtime/yield_now.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using ExecutorTest = asyncplay::testing::RuntimeTest;

namespace {
Task<int> answer() { co_return 42; }
}  // namespace

TEST_F(ExecutorTest, BlockOnReturnsTheFuturesOutput) { EXPECT_EQ(executor.block_on(answer()), 42); }

TEST_F(ExecutorTest, BlockOnRethrowsTheFuturesException) {
  auto fails = []() -> Task<void> {
    co_await yield_now();
    throw std::runtime_error("boom");
  };
  EXPECT_THROW(executor.block_on(fails()), std::runtime_error);
}

TEST_F(ExecutorTest, SpawnedTasksRunOnlyWhenTheExecutorRuns) {
  int runs = 0;
  auto count = [](int& n) -> Task<void> {
    ++n;
    co_return;
  };
  auto handle = executor.spawn(count(runs));
  EXPECT_EQ(runs, 0);
  executor.run_until_idle();
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(handle.is_finished());
}

TEST_F(ExecutorTest, ReadyTasksRunInTheOrderTheyWereWoken) {
  std::vector<int> order;
  auto step = [](std::vector<int>& out, int id) -> Task<void> {
    out.push_back(id);
    co_await yield_now();
    out.push_back(id + 10);
  };
  auto a = executor.spawn(step(order, 1));
  auto b = executor.spawn(step(order, 2));
  executor.run_until_idle();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 11, 12}));
}

TEST_F(ExecutorTest, ATaskWokenWhileItRunsIsPolledAgain) {
  Gate<int> gate;
  auto body = [](Gate<int>& g) -> Task<int> {
    // yield_now wakes the task from inside its own poll.
    co_await yield_now();
    co_return co_await g.wait();
  };
  auto handle = executor.spawn(body(gate));
  executor.run_until_idle();
  EXPECT_FALSE(handle.is_finished());
  gate.open(5);
  EXPECT_EQ(executor.block_on(std::move(handle)), 5);
}

TEST_F(ExecutorTest, BlockOnInsideATaskIsRefusedWithAClearError) {
  auto nested = [](Executor& ex) -> Task<std::string> {
    try {
      ex.block_on(answer());
    } catch (const std::logic_error& e) {
      co_return e.what();
    }
    co_return "allowed";
  };
  std::string message = executor.block_on(nested(executor));
  EXPECT_NE(message.find("co_await"), std::string::npos) << message;
}

TEST_F(ExecutorTest, FreeFunctionsUseTheRunningExecutor) {
  auto outer = []() -> Task<int> {
    auto handle = spawn(answer());  // the executor running this task
    co_return co_await std::move(handle);
  };
  EXPECT_EQ(executor.block_on(outer()), 42);
  EXPECT_EQ(block_on(answer()), 42);  // this thread's default executor
}

TEST(ExecutorLifetime, DestroyingTheExecutorCancelsPendingTasksAndFreesThem) {
  Counted::alive = 0;
  Gate<int> gate;
  {
    Executor executor;
    auto body = [](Gate<int>& g) -> Task<void> {
      Counted held;
      co_await g.wait();
    };
    executor.spawn(body(gate));  // the handle is dropped: detached
    executor.run_until_idle();
    EXPECT_EQ(Counted::alive, 1);
    EXPECT_EQ(executor.live_tasks(), 1u);
  }
  EXPECT_EQ(Counted::alive, 0);
  gate.open(1);  // the stored waker outlived the executor: waking it does nothing
}

TEST_F(ExecutorTest, TasksReportsLiveTasksWithNamesStatesAndPollCounts) {
  Gate<int> gate;
  auto body = [](Gate<int>& g) -> Task<void> { co_await g.wait(); };
  auto handle = executor.spawn(body(gate), "waiter");
  executor.run_until_idle();
  auto tasks = executor.tasks();
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].name, "waiter");
  EXPECT_EQ(tasks[0].state, "pending");
  EXPECT_EQ(tasks[0].polls, 1u);
  EXPECT_EQ(tasks[0].id, handle.id());
  gate.open(0);
  executor.run_until_idle();
  EXPECT_TRUE(executor.tasks().empty());
}

TEST_F(ExecutorTest, ATurnPollsAtMostTheBudgetAndSaysWhetherMoreIsReady) {
  executor.set_budget(3);
  int polls = 0;
  auto count = [](int& n) -> Task<void> {
    ++n;
    co_return;
  };
  std::vector<JoinHandle<void>> handles;
  for (int i = 0; i < 5; ++i) handles.push_back(executor.spawn(count(polls)));
  EXPECT_TRUE(executor.run_turn());
  EXPECT_EQ(polls, 3);
  EXPECT_FALSE(executor.run_turn());
  EXPECT_EQ(polls, 5);
}
