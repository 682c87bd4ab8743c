#include "runtime/time/timeout.hpp"

#include <gtest/gtest.h>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using TimeoutTest = asyncplay::testing::RuntimeTest;

TEST_F(TimeoutTest, TheFuturesOutputWhenItIsFirst) {
  auto quick = []() -> Task<int> {
    co_await sleep(1ms);
    co_return 7;
  };
  Result<int> r = executor.block_on(timeout(1s, quick()));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
}

TEST_F(TimeoutTest, TimedOutWhenTheDurationPassesFirstAndTheFutureIsDropped) {
  Gate<int> gate;
  auto slow = [](Gate<int>& g) -> Task<int> {
    Counted held;
    co_return co_await g.wait();
  };
  Result<int> r = executor.block_on(timeout(10ms, slow(gate)));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(std::errc::timed_out));
  EXPECT_EQ(r.error().context(), "timed out after 10 ms");
  EXPECT_EQ(Counted::alive, 0);
}

TEST_F(TimeoutTest, AResultOutputIsNotNested) {
  auto fails = []() -> Task<Result<int>> { co_return Error(std::errc::connection_refused, "connect"); };
  Result<int> r = executor.block_on(timeout(1s, fails()));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(std::errc::connection_refused));
}
