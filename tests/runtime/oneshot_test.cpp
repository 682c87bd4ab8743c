#include "runtime/sync/oneshot.hpp"

#include <gtest/gtest.h>

#include <string>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using OneshotTest = asyncplay::testing::RuntimeTest;

TEST_F(OneshotTest, TheReceiverGetsTheValueSentLater) {
  auto [tx, rx] = oneshot::channel<std::string>();
  auto handle = executor.spawn(std::move(rx));
  executor.run_until_idle();
  EXPECT_FALSE(handle.is_finished());
  EXPECT_TRUE(tx.send("hello"));
  EXPECT_EQ(executor.block_on(std::move(handle)), "hello");
}

TEST_F(OneshotTest, DroppingTheSenderGivesNothing) {
  auto [tx, rx] = oneshot::channel<int>();
  auto handle = executor.spawn(std::move(rx));
  executor.run_until_idle();
  { auto gone = std::move(tx); }
  EXPECT_EQ(executor.block_on(std::move(handle)), std::nullopt);
}

TEST_F(OneshotTest, SendingToADroppedReceiverFails) {
  auto [tx, rx] = oneshot::channel<int>();
  { auto gone = std::move(rx); }
  EXPECT_TRUE(tx.is_closed());
  EXPECT_FALSE(tx.send(1));
}

TEST_F(OneshotTest, AssigningOverAnEndDropsTheOldOne) {
  auto [tx, rx] = oneshot::channel<int>();
  auto [tx2, rx2] = oneshot::channel<int>();
  auto [tx3, rx3] = oneshot::channel<int>();
  auto first = executor.spawn(std::move(rx));
  tx = std::move(tx2);  // the first channel's sender is gone: its receiver gets nothing
  EXPECT_EQ(executor.block_on(std::move(first)), std::nullopt);
  rx3 = std::move(rx2);  // the third channel's receiver is gone: its sender is closed
  EXPECT_TRUE(tx3.is_closed());
  EXPECT_TRUE(tx.send(7));  // the second channel, through both assigned ends
  EXPECT_EQ(executor.block_on(std::move(rx3)), 7);
}
