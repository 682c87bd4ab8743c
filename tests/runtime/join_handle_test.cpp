// JoinHandle: output, detaching, cancelling, and failures that must surface.
#include "runtime/join_handle.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "runtime/unobserved_failure.hpp"
#include "runtime/yield_now.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using JoinHandleTest = asyncplay::testing::RuntimeTest;

namespace {
Task<int> wait_for(Gate<int>& gate) { co_return co_await gate.wait(); }
Task<void> hold_and_wait(Gate<int>& gate) {
  Counted held;
  co_await gate.wait();
}
}  // namespace

TEST_F(JoinHandleTest, AwaitingTheHandleGivesTheTasksOutput) {
  Gate<int> gate;
  auto handle = executor.spawn(wait_for(gate));
  executor.run_until_idle();
  gate.open(9);
  EXPECT_EQ(executor.block_on(std::move(handle)), 9);
}

TEST_F(JoinHandleTest, DroppingTheHandleDetachesTheTaskWhichKeepsRunning) {
  Gate<int> gate;
  bool finished = false;
  auto body = [](Gate<int>& g, bool& done) -> Task<void> {
    co_await g.wait();
    done = true;
  };
  { auto handle = executor.spawn(body(gate, finished)); }
  executor.run_until_idle();
  gate.open(1);
  executor.run_until_idle();
  EXPECT_TRUE(finished);
}

TEST_F(JoinHandleTest, CancelDropsTheFutureAtOnceAndAwaitingThrowsTaskCancelled) {
  Gate<int> gate;
  auto handle = executor.spawn(hold_and_wait(gate));
  executor.run_until_idle();
  EXPECT_EQ(Counted::alive, 1);
  handle.cancel();
  EXPECT_EQ(Counted::alive, 0) << "cancel is destruction";
  EXPECT_TRUE(handle.is_finished());
  EXPECT_THROW(executor.block_on(std::move(handle)), TaskCancelled);
  gate.open(1);  // the cancelled task's waker is inert
  executor.run_until_idle();
}

TEST_F(JoinHandleTest, CancellingAScheduledTaskMeansItIsNeverPolled) {
  Gate<int> gate;
  auto handle = executor.spawn(wait_for(gate));
  handle.cancel();  // still in the run queue
  executor.run_until_idle();
  EXPECT_EQ(gate.polls(), 0);
}

TEST_F(JoinHandleTest, ATaskCanCancelItselfFromInside) {
  struct Slot {
    JoinHandle<void>* handle = nullptr;
  } slot;
  auto body = [](Slot& s) -> Task<void> {
    s.handle->cancel();
    co_await yield_now();
    ADD_FAILURE() << "resumed after cancelling itself";
  };
  auto handle = executor.spawn(body(slot));
  slot.handle = &handle;
  executor.run_until_idle();
  EXPECT_TRUE(handle.is_finished());
  EXPECT_THROW(executor.block_on(std::move(handle)), TaskCancelled);
}

TEST_F(JoinHandleTest, AnExceptionInASpawnedTaskSurfacesAtItsHandle) {
  auto fails = []() -> Task<int> {
    co_await yield_now();
    throw std::runtime_error("task failed");
  };
  auto outer = [](JoinHandle<int> h) -> Task<std::string> {
    try {
      co_await h;
    } catch (const std::runtime_error& e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  EXPECT_EQ(executor.block_on(outer(executor.spawn(fails()))), "task failed");
}

TEST_F(JoinHandleTest, AnExceptionInADetachedTaskIsReportedNotLost) {
  std::string reported;
  auto previous = set_unobserved_failure_handler(
      [&](TaskId, std::string_view name, std::exception_ptr e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          reported = std::string(name) + ": " + ex.what();
        }
      });
  auto fails = []() -> Task<void> {
    co_await yield_now();
    throw std::runtime_error("nobody listens");
  };
  executor.spawn(fails(), "orphan");  // detached at once
  executor.run_until_idle();
  set_unobserved_failure_handler(previous);
  EXPECT_EQ(reported, "orphan: nobody listens");
}

TEST_F(JoinHandleTest, AFailureNobodyReadsIsReportedWhenTheHandleDrops) {
  int reports = 0;
  auto previous = set_unobserved_failure_handler([&](TaskId, std::string_view, std::exception_ptr) { ++reports; });
  auto fails = []() -> Task<void> { throw std::runtime_error("unread"); co_return; };
  {
    auto handle = executor.spawn(fails());
    executor.run_until_idle();
    EXPECT_EQ(reports, 0);
  }
  set_unobserved_failure_handler(previous);
  EXPECT_EQ(reports, 1);
}
