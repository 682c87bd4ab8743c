#include "runtime/sync/mpsc.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using MpscTest = asyncplay::testing::RuntimeTest;

namespace {
Task<void> produce(mpsc::Sender<int> tx, int from, int count) {
  for (int i = 0; i < count; ++i) EXPECT_TRUE(co_await tx.send(from + i));
}
Task<std::vector<int>> drain(mpsc::Receiver<int> rx) {
  std::vector<int> got;
  while (auto v = co_await rx.recv()) got.push_back(*v);
  co_return got;
}
}  // namespace

TEST_F(MpscTest, ValuesArriveInOrderAndRecvEndsWhenEverySenderIsGone) {
  auto [tx, rx] = mpsc::channel<int>(4);
  auto consumer = executor.spawn(drain(std::move(rx)));
  auto producer = executor.spawn(produce(std::move(tx), 0, 100));
  auto got = executor.block_on(std::move(consumer));
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[i], i);
  executor.block_on(std::move(producer));
}

TEST_F(MpscTest, ASenderWaitsWhileTheQueueIsFull) {
  auto [tx, rx] = mpsc::channel<int>(2);
  auto producer = executor.spawn(produce(std::move(tx), 0, 3));
  executor.run_until_idle();
  EXPECT_EQ(rx.size(), 2u) << "the bound was not respected";
  EXPECT_FALSE(producer.is_finished());
  auto first = executor.block_on(rx.recv());
  EXPECT_EQ(first, 0);
  executor.run_until_idle();
  EXPECT_TRUE(producer.is_finished());
  EXPECT_EQ(rx.size(), 2u);
}

TEST_F(MpscTest, ManySendersAllDeliver) {
  auto [tx, rx] = mpsc::channel<int>(1);
  std::vector<JoinHandle<void>> producers;
  for (int p = 0; p < 5; ++p) producers.push_back(executor.spawn(produce(tx, p * 100, 20)));
  { auto last = std::move(tx); }
  auto got = executor.block_on(drain(std::move(rx)));
  EXPECT_EQ(got.size(), 100u);
  executor.run_until_idle();
}

TEST_F(MpscTest, SendFailsOnceTheReceiverIsDropped) {
  auto [tx, rx] = mpsc::channel<int>(1);
  auto producer = executor.spawn([](mpsc::Sender<int>& t) -> Task<std::vector<bool>> {
    std::vector<bool> results;
    results.push_back(co_await t.send(1));
    results.push_back(co_await t.send(2));  // waits: full
    co_return results;
  }(tx));
  executor.run_until_idle();
  { auto gone = std::move(rx); }
  auto results = executor.block_on(std::move(producer));
  EXPECT_EQ(results, (std::vector<bool>{true, false}));
}

TEST_F(MpscTest, ACancelledWaitingSenderPassesItsTurnOn) {
  auto [tx, rx] = mpsc::channel<int>(1);
  int zero = 0;
  EXPECT_EQ(tx.try_send(zero), mpsc::TrySend::sent);
  auto first = executor.spawn(produce(tx, 1, 1));
  auto second = executor.spawn(produce(tx, 2, 1));
  executor.run_until_idle();
  {
    // Receive outside the executor, so `first` is woken but not yet polled...
    auto recv = rx.recv();
    Waker none;
    Context cx(none);
    EXPECT_EQ(recv.poll(cx).take(), 0);
  }
  first.cancel();  // ...and is dropped before it runs
  executor.run_until_idle();
  EXPECT_TRUE(second.is_finished()) << "the freed slot went to nobody";
  EXPECT_EQ(executor.block_on(rx.recv()), 2);
}

TEST_F(MpscTest, AssigningOverAnEndDropsTheOldOne) {
  auto [tx, rx] = mpsc::channel<int>(1);
  auto [tx2, rx2] = mpsc::channel<int>(1);
  auto [tx3, rx3] = mpsc::channel<int>(1);
  rx = std::move(rx2);  // the first channel's receiver is gone: its sender is closed
  int value = 1;
  EXPECT_EQ(tx.try_send(value), mpsc::TrySend::closed);
  tx3 = std::move(tx2);  // the third channel's only sender is gone: its receiver sees the end
  EXPECT_EQ(executor.block_on(rx3.recv()), std::nullopt);
  value = 2;
  EXPECT_EQ(tx3.try_send(value), mpsc::TrySend::sent);  // the second channel, through both assigned ends
  EXPECT_EQ(executor.block_on(rx.recv()), 2);
}
