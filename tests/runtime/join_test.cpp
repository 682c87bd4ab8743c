#include "runtime/join.hpp"

#include <gtest/gtest.h>

#include <string>

#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using JoinTest = asyncplay::testing::RuntimeTest;

namespace {
Task<int> after(std::chrono::milliseconds d, int v) {
  co_await sleep(d);
  co_return v;
}
}  // namespace

TEST_F(JoinTest, JoinWaitsForAllAndKeepsTheirOrder) {
  auto [a, b, c] = executor.block_on(join(after(20ms, 1), after(1ms, 2), sleep(5ms)));
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  EXPECT_EQ(c, Unit{});
}

TEST_F(JoinTest, JoinRunsItsFuturesConcurrently) {
  auto start = Clock::now();
  executor.block_on(join(sleep(30ms), sleep(30ms), sleep(30ms)));
  EXPECT_LT(Clock::now() - start, 90ms);
}

TEST_F(JoinTest, JoinAllCollectsEveryOutputInOrder) {
  std::vector<Task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(after(std::chrono::milliseconds(5 - i), i));
  auto out = executor.block_on(join_all(std::move(tasks)));
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2, 3, 4}));
}
