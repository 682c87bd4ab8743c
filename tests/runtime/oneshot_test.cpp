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
