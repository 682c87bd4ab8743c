// Waking from other threads goes through the executor's remote queue.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using RemoteWakeTest = asyncplay::testing::RuntimeTest;

namespace {
struct Shared {
  std::mutex mutex;
  Waker waker;
  int value = 0;
};
// Pending until another thread sets value and wakes.
struct FromThread {
  Shared* shared;
  using Output = int;
  Poll<int> poll(Context& cx) {
    std::lock_guard lock(shared->mutex);
    if (shared->value) return shared->value;
    shared->waker.set(cx.waker());
    return pending;  // woken by the test's thread
  }
};
}  // namespace

TEST_F(RemoteWakeTest, AWakeFromAnotherThreadUnparksBlockOn) {
  Shared shared;
  std::thread other([&] {
    while (true) {
      std::lock_guard lock(shared.mutex);
      if (shared.waker) {
        shared.value = 5;
        shared.waker.wake();
        return;
      }
    }
  });
  EXPECT_EQ(executor.block_on(FromThread{&shared}), 5);
  other.join();
}

TEST_F(RemoteWakeTest, ManyThreadsWakingManyTasksLosesNoWake) {
  constexpr int kTasks = 50;
  std::vector<Shared> shared(kTasks);
  auto body = [](Shared& s) -> Task<int> { co_return co_await FromThread{&s}; };
  auto all = [&]() -> Task<int> {
    std::vector<JoinHandle<int>> handles;
    for (auto& s : shared) handles.push_back(spawn(body(s)));
    int sum = 0;
    for (auto& h : handles) sum += co_await h;
    co_return sum;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kTasks; i += 4) {
        while (true) {
          std::lock_guard lock(shared[i].mutex);
          if (shared[i].waker) {
            shared[i].value = 1;
            Waker copy = shared[i].waker;
            copy.wake();
            shared[i].waker.wake_by_ref();  // a second wake is harmless
            break;
          }
        }
      }
    });
  }
  EXPECT_EQ(executor.block_on(all()), kTasks);
  for (auto& t : threads) t.join();
}
