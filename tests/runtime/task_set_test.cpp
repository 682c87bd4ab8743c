// TaskSet: tasks that belong to something; they leave the set when they end,
// and the set cancels whatever is left when told to or when it goes.
#include "runtime/task_set.hpp"

#include <gtest/gtest.h>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using TaskSetTest = asyncplay::testing::RuntimeTest;

namespace {
Task<void> hold_until(Gate<int>& gate, int& finished) {
  Counted held;
  co_await gate.wait();
  ++finished;
}
}  // namespace

TEST_F(TaskSetTest, AFinishedTaskLeavesTheSet) {
  Gate<int> gate;
  int finished = 0;
  TaskSet set;
  set.spawn(hold_until(gate, finished));
  executor.run_until_idle();
  EXPECT_EQ(set.size(), 1u);
  gate.open(1);
  executor.run_until_idle();
  EXPECT_EQ(finished, 1);
  EXPECT_EQ(set.size(), 0u);
}

TEST_F(TaskSetTest, CancelAllDropsEveryFutureAndTheSetGoesOn) {
  Gate<int> first, second, third;
  int finished = 0;
  TaskSet set;
  set.spawn(hold_until(first, finished));
  set.spawn(hold_until(second, finished));
  executor.run_until_idle();
  EXPECT_EQ(Counted::alive, 2);
  set.cancel_all();
  executor.run_until_idle();
  EXPECT_EQ(Counted::alive, 0) << "the cancelled tasks' frames were not destroyed";
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(executor.live_tasks(), 0u);

  set.spawn(hold_until(third, finished));
  executor.run_until_idle();
  third.open(1);
  executor.run_until_idle();
  EXPECT_EQ(finished, 1) << "only the task spawned after cancel_all ran to its end";
}

TEST_F(TaskSetTest, DestroyingTheSetCancelsWhatIsLeft) {
  Gate<int> gate;
  int finished = 0;
  {
    TaskSet set;
    set.spawn(hold_until(gate, finished));
    executor.run_until_idle();
  }
  executor.run_until_idle();
  EXPECT_EQ(Counted::alive, 0);
  EXPECT_EQ(finished, 0);
}
