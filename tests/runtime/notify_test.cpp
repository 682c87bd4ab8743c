#include "runtime/notify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using NotifyTest = asyncplay::testing::RuntimeTest;

namespace {
// Waits for one notification, then writes its name down.
Task<void> wait_then_log(Notify& notify, std::vector<std::string>& log, std::string name) {
  co_await notify.notified();
  log.push_back(std::move(name));
}
}  // namespace

TEST_F(NotifyTest, AWaiterSleepsUntilNotified) {
  Notify notify;
  std::vector<std::string> log;
  auto waiter = executor.spawn(wait_then_log(notify, log, "a"));
  executor.run_until_idle();
  EXPECT_TRUE(log.empty());
  notify.notify_one();
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"a"}));
}

TEST_F(NotifyTest, ANotificationWithNobodyWaitingLeavesOnePermitNotMore) {
  Notify notify;
  std::vector<std::string> log;
  notify.notify_one();
  notify.notify_one();
  notify.notify_one();
  auto first = executor.spawn(wait_then_log(notify, log, "first"));
  auto second = executor.spawn(wait_then_log(notify, log, "second"));
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"first"}));  // three notifications, one permit
  notify.notify_one();
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"first", "second"}));
}

TEST_F(NotifyTest, WaitersAreWokenOneAtATimeLongestWaitingFirst) {
  Notify notify;
  std::vector<std::string> log;
  auto a = executor.spawn(wait_then_log(notify, log, "a"));
  executor.run_until_idle();
  auto b = executor.spawn(wait_then_log(notify, log, "b"));
  executor.run_until_idle();
  notify.notify_one();
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"a"}));
  notify.notify_one();
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"a", "b"}));
}

TEST_F(NotifyTest, AWaiterWokenThenDroppedHandsTheNotificationOn) {
  Notify notify;
  std::vector<std::string> log;
  auto a = executor.spawn(wait_then_log(notify, log, "a"));
  executor.run_until_idle();
  auto b = executor.spawn(wait_then_log(notify, log, "b"));
  executor.run_until_idle();
  notify.notify_one();  // wakes a ...
  a.cancel();           // ... which is dropped before it runs
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"b"}));
}

TEST_F(NotifyTest, ADroppedWaiterLeavesTheLineAndTheNextNotificationIsKept) {
  Notify notify;
  std::vector<std::string> log;
  auto a = executor.spawn(wait_then_log(notify, log, "a"));
  executor.run_until_idle();
  a.cancel();
  executor.run_until_idle();
  notify.notify_one();  // nobody waits: a permit
  auto b = executor.spawn(wait_then_log(notify, log, "b"));
  executor.run_until_idle();
  EXPECT_EQ(log, (std::vector<std::string>{"b"}));
}
