#include "runtime/sync/broadcast.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using BroadcastTest = asyncplay::testing::RuntimeTest;

namespace {
template <class T>
std::vector<T> take_all(broadcast::Receiver<T>& rx) {
  std::vector<T> out;
  while (auto r = rx.try_recv()) {
    if (auto* v = std::get_if<T>(&*r)) out.push_back(*v);
    else break;
  }
  return out;
}
}  // namespace

TEST_F(BroadcastTest, EveryReceiverSeesEveryMessage) {
  auto [tx, rx1] = broadcast::channel<int>(8);
  auto rx2 = tx.subscribe();
  EXPECT_EQ(tx.send(1), 2u);
  EXPECT_EQ(tx.send(2), 2u);
  EXPECT_EQ(take_all(rx1), (std::vector<int>{1, 2}));
  EXPECT_EQ(take_all(rx2), (std::vector<int>{1, 2}));
}

TEST_F(BroadcastTest, AReceiverSeesOnlyMessagesSentAfterItSubscribed) {
  auto [tx, rx1] = broadcast::channel<int>(8);
  tx.send(1);
  auto late = tx.subscribe();
  tx.send(2);
  EXPECT_EQ(take_all(late), (std::vector<int>{2}));
}

TEST_F(BroadcastTest, ASlowReceiverGetsLaggedThenResumesAtTheOldestHeld) {
  auto [tx, rx] = broadcast::channel<int>(4);
  for (int i = 0; i < 10; ++i) tx.send(i);
  auto r = rx.try_recv();
  ASSERT_TRUE(r && std::holds_alternative<broadcast::Lagged>(*r));
  EXPECT_EQ(std::get<broadcast::Lagged>(*r).skipped, 6u);
  EXPECT_EQ(take_all(rx), (std::vector<int>{6, 7, 8, 9}));
}

TEST_F(BroadcastTest, RecvWaitsForTheNextSend) {
  auto [tx, rx] = broadcast::channel<std::string>(4);
  auto listener = executor.spawn([](broadcast::Receiver<std::string>& r) -> Task<std::string> {
    auto result = co_await r.recv();
    co_return std::get<std::string>(result);
  }(rx));
  executor.run_until_idle();
  EXPECT_FALSE(listener.is_finished());
  tx.send("hi");
  EXPECT_EQ(executor.block_on(std::move(listener)), "hi");
}

TEST_F(BroadcastTest, ReceiversSeeClosedOnceEverySenderIsGoneAndAllIsRead) {
  auto [tx, rx] = broadcast::channel<int>(4);
  tx.send(5);
  { auto gone = std::move(tx); }
  auto first = executor.block_on(rx.recv());
  EXPECT_EQ(std::get<int>(first), 5);
  auto second = executor.block_on(rx.recv());
  EXPECT_TRUE(std::holds_alternative<broadcast::Closed>(second));
}

TEST_F(BroadcastTest, SendingWithNoReceiversReachesNobody) {
  auto [tx, rx] = broadcast::channel<int>(4);
  { auto gone = std::move(rx); }
  EXPECT_EQ(tx.send(1), 0u);
}

TEST_F(BroadcastTest, ADroppedRecvFutureLeavesTheWaitingList) {
  auto [tx, rx] = broadcast::channel<int>(4);
  auto listener = executor.spawn([](broadcast::Receiver<int>& r) -> Task<void> { co_await r.recv(); }(rx));
  executor.run_until_idle();
  listener.cancel();
  tx.send(1);  // must not touch the dropped future
  executor.run_until_idle();
  EXPECT_EQ(take_all(rx), (std::vector<int>{1}));
}

TEST_F(BroadcastTest, WhenTheLastReceiverLeavesTheHeldMessagesAreFreedAndLaterOnesStillWork) {
  auto [tx, rx] = broadcast::channel<std::string>(4);
  for (int i = 0; i < 6; ++i) tx.send(std::string(1000, 'a' + i));
  { auto gone = std::move(rx); }
  EXPECT_EQ(tx.send("lost"), 0u) << "nobody to deliver to";
  auto late = tx.subscribe();
  for (int i = 0; i < 6; ++i) tx.send(std::to_string(i));
  auto r = late.try_recv();
  ASSERT_TRUE(r && std::holds_alternative<broadcast::Lagged>(*r));
  EXPECT_EQ(std::get<broadcast::Lagged>(*r).skipped, 2u);
  EXPECT_EQ(take_all(late), (std::vector<std::string>{"2", "3", "4", "5"}));
}

TEST_F(BroadcastTest, AssigningOverAnEndDropsTheOldOne) {
  auto [tx, rx] = broadcast::channel<int>(4);
  auto [tx2, rx2] = broadcast::channel<int>(4);
  tx = std::move(tx2);  // the first channel's only sender is gone
  auto closed = rx.try_recv();
  ASSERT_TRUE(closed);
  EXPECT_TRUE(std::holds_alternative<broadcast::Closed>(*closed));
  EXPECT_EQ(tx.send(1), 1u);
}
