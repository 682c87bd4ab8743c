#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;
using RaceAllTest = asyncplay::testing::RuntimeTest;

namespace {
Task<std::string> after(std::chrono::milliseconds d, std::string s) {
  Counted held;
  co_await sleep(d);
  co_return s;
}
}  // namespace

TEST_F(RaceAllTest, TheFirstReadyFutureWinsAndTheLosersAreDroppedAtOnce) {
  auto all = [](int& alive_after) -> Task<Won<std::string>> {
    std::vector<Task<std::string>> futures;
    futures.push_back(after(1h, "slow"));
    futures.push_back(after(5ms, "fast"));
    futures.push_back(after(2h, "slower"));
    auto won = co_await race_all(std::move(futures));
    alive_after = Counted::alive;
    co_return won;
  };
  int alive_after = -1;
  auto won = executor.block_on(all(alive_after));
  EXPECT_EQ(won.index, 1u);
  EXPECT_EQ(won.output, "fast");
  EXPECT_EQ(alive_after, 0) << "a loser was still alive after race_all returned";
}

TEST_F(RaceAllTest, TiesGoToTheEarliestFutureInTheVector) {
  Gate<int> a, b;
  b.open(2);
  a.open(1);
  std::vector<Gate<int>::Wait> futures{a.wait(), b.wait()};
  auto won = executor.block_on(race_all(std::move(futures)));
  EXPECT_EQ(won.index, 0u);
  EXPECT_EQ(won.output, 1);
}

TEST_F(RaceAllTest, VoidOutputsAreRepresentedAsUnit) {
  std::vector<Sleep> futures;
  futures.push_back(sleep(1h));
  futures.push_back(sleep(1ms));
  auto won = executor.block_on(race_all(std::move(futures)));
  EXPECT_EQ(won.index, 1u);
  EXPECT_EQ(won.output, Unit{});
}

TEST_F(RaceAllTest, AOneFutureRaceIsThatFuture) {
  std::vector<Task<std::string>> futures;
  futures.push_back(after(1ms, "only"));
  auto won = executor.block_on(race_all(std::move(futures)));
  EXPECT_EQ(won.index, 0u);
  EXPECT_EQ(won.output, "only");
}
