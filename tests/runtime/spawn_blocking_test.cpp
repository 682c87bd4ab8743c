#include "runtime/spawn_blocking.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using SpawnBlockingTest = asyncplay::testing::RuntimeTest;

TEST_F(SpawnBlockingTest, RunsOnAnotherThreadAndWakesTheWaitingTask) {
  auto caller = std::this_thread::get_id();
  auto body = [](std::thread::id c) -> Task<bool> {
    auto other = co_await spawn_blocking([] { return std::this_thread::get_id(); });
    co_return other != c;
  };
  EXPECT_TRUE(executor.block_on(body(caller)));
}

TEST_F(SpawnBlockingTest, OtherTasksRunWhileTheBlockingWorkWaits) {
  // The blocking job waits for a flag that only another task sets.
  std::atomic<bool> flag{false};
  auto blocking = [](std::atomic<bool>& f) -> Task<int> {
    co_return co_await spawn_blocking([&f] {
      while (!f.load()) std::this_thread::yield();
      return 1;
    });
  };
  auto setter = [](std::atomic<bool>& f) -> Task<int> {
    f.store(true);
    co_return 2;
  };
  auto both = [&]() -> Task<int> {
    auto a = spawn(blocking(flag));
    auto b = spawn(setter(flag));
    co_return co_await a + co_await b;
  };
  EXPECT_EQ(executor.block_on(both()), 3);
}

TEST_F(SpawnBlockingTest, AnExceptionInTheBlockingFunctionSurfacesAtTheAwait) {
  auto body = []() -> Task<void> {
    co_await spawn_blocking([]() -> int { throw std::runtime_error("blocking failed"); });
  };
  EXPECT_THROW(executor.block_on(body()), std::runtime_error);
}
