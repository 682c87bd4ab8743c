#include "runtime/sync/notify.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;

namespace {

// Waits for one notification, then writes its name down.
Task<void> wait_then_log(Notify& notify, std::vector<std::string>& log, std::string name) {
  co_await notify.notified();
  log.push_back(std::move(name));
}

class NotifyTest : public asyncplay::testing::RuntimeTest {
 protected:
  // Spawns a waiter called `name` and runs it until it waits (or is done).
  JoinHandle<void> waiter(std::string name) {
    auto handle = executor.spawn(wait_then_log(notify, log, std::move(name)));
    executor.run_until_idle();
    return handle;
  }
  void notify_and_run() {
    notify.notify_one();
    executor.run_until_idle();
  }
  using Log = std::vector<std::string>;

  Notify notify;
  Log log;
};

}  // namespace

TEST_F(NotifyTest, AWaiterSleepsUntilNotified) {
  auto a = waiter("a");
  EXPECT_TRUE(log.empty());
  notify_and_run();
  EXPECT_EQ(log, Log{"a"});
}

TEST_F(NotifyTest, ANotificationWithNobodyWaitingLeavesOnePermitNotMore) {
  notify.notify_one();
  notify.notify_one();
  notify.notify_one();
  auto first = waiter("first");
  auto second = waiter("second");
  EXPECT_EQ(log, Log{"first"});  // three notifications, one permit
  notify_and_run();
  EXPECT_EQ(log, (Log{"first", "second"}));
}

TEST_F(NotifyTest, WaitersAreWokenOneAtATimeLongestWaitingFirst) {
  auto a = waiter("a");
  auto b = waiter("b");
  notify_and_run();
  EXPECT_EQ(log, Log{"a"});
  notify_and_run();
  EXPECT_EQ(log, (Log{"a", "b"}));
}

TEST_F(NotifyTest, AWaiterWokenThenDroppedHandsTheNotificationOn) {
  auto a = waiter("a");
  auto b = waiter("b");
  notify.notify_one();  // wakes a ...
  a.cancel();           // ... which is dropped before it runs
  executor.run_until_idle();
  EXPECT_EQ(log, Log{"b"});
}

TEST_F(NotifyTest, ADroppedWaiterLeavesTheLineAndTheNextNotificationIsKept) {
  auto a = waiter("a");
  a.cancel();
  executor.run_until_idle();
  notify.notify_one();  // nobody waits: a permit
  auto b = waiter("b");
  EXPECT_EQ(log, Log{"b"});
}
