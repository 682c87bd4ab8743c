#include "runtime/poll.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using namespace asyncplay;

TEST(Poll, ReadyHoldsItsValue) {
  Poll<std::string> p(std::string("done"));
  ASSERT_TRUE(p.is_ready());
  EXPECT_EQ(p.take(), "done");
}

TEST(Poll, PendingHoldsNothing) {
  Poll<int> p = pending;
  EXPECT_TRUE(p.is_pending());
  EXPECT_FALSE(p.is_ready());
}

TEST(Poll, ReadyCanHoldMoveOnlyValues) {
  Poll<std::unique_ptr<int>> p(std::make_unique<int>(7));
  EXPECT_EQ(*p.take(), 7);
}

TEST(Poll, VoidPollIsReadyOrPending) {
  Poll<void> r = ready();
  Poll<void> p = pending;
  EXPECT_TRUE(r.is_ready());
  EXPECT_TRUE(p.is_pending());
}
