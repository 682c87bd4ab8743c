#include "runtime/race.hpp"

#include <gtest/gtest.h>

#include <string>

#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using RaceTest = asyncplay::testing::RuntimeTest;

namespace {
Task<std::string> after(std::chrono::milliseconds d, std::string s) {
  Counted held;
  co_await sleep(d);
  co_return s;
}
}  // namespace

TEST_F(RaceTest, TheFirstReadyFutureWinsAndTheLoserIsDropped) {
  auto both = [](int& alive_after) -> Task<std::variant<std::string, std::string>> {
    auto r = co_await race(after(200ms, "slow"), after(5ms, "fast"));
    alive_after = Counted::alive;
    co_return r;
  };
  int alive_after = -1;
  auto r = executor.block_on(both(alive_after));
  EXPECT_EQ(r.index(), 1u);
  EXPECT_EQ(std::get<1>(r), "fast");
  EXPECT_EQ(alive_after, 0) << "the loser was still alive after race returned";
}

TEST_F(RaceTest, TiesGoToTheFirstFuture) {
  Gate<int> a, b;
  a.open(1);
  b.open(2);
  auto r = executor.block_on(race(a.wait(), b.wait()));
  EXPECT_EQ(r.index(), 0u);
}

TEST_F(RaceTest, VoidOutputsAreRepresentedAsUnit) {
  auto r = executor.block_on(race(sleep(1h), sleep(1ms)));
  EXPECT_EQ(r.index(), 1u);
  EXPECT_EQ(std::get<1>(r), Unit{});
}
