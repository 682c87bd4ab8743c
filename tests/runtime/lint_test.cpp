// The executor's lints, as tokio-console has them: each provoked on purpose
// by a broken future, and not raised by the futures that do it right.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/task.hpp"
#include "runtime/yield_now.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Gate;
using LintTest = asyncplay::testing::RuntimeTest;

namespace {

struct Lints : Tracer {
  std::vector<std::pair<Lint, TaskId>> seen;
  std::vector<std::string> texts;
  void on_event(const TraceEvent& event) override {
    if (event.kind != TraceKind::lint) return;
    seen.emplace_back(event.lint, event.task);
    texts.emplace_back(event.text);
  }
};

// Broken on purpose: Pending without keeping cx.waker(). Nobody can wake it.
struct ForgetsItsWaker {
  using Output = void;
  Poll<void> poll(Context&) { return pending; }  // woken by nobody: the bug under test
};

// Broken on purpose: wakes itself and returns Pending, `spins` times.
struct Spins {
  using Output = void;
  int spins;
  Poll<void> poll(Context& cx) {
    if (spins-- == 0) return ready();
    cx.waker().wake_by_ref();
    return pending;  // woken just above, by itself: a busy loop
  }
};

// Broken on purpose: holds the executor for `how_long` in one poll.
struct Blocks {
  using Output = void;
  Clock::duration how_long;
  Poll<void> poll(Context&) {
    auto until = Clock::now() + how_long;
    while (Clock::now() < until) {
    }
    return ready();
  }
};

}  // namespace

TEST_F(LintTest, AFutureThatForgetsTheWakerIsALostWaker) {
  Lints lints;
  executor.set_tracer(&lints);
  auto handle = executor.spawn([]() -> Task<void> { co_await ForgetsItsWaker{}; }(), "forgetful");
  executor.run_until_idle();
  ASSERT_EQ(lints.seen.size(), 1u);
  EXPECT_EQ(lints.seen[0].first, Lint::lost_waker);
  EXPECT_EQ(lints.seen[0].second, handle.id());
  EXPECT_NE(lints.texts[0].find("can never be woken"), std::string::npos);
  handle.cancel();
  executor.set_tracer(nullptr);
}

TEST_F(LintTest, ADetachedTaskThatForgetsTheWakerIsALostWakerToo) {
  Lints lints;
  {
    Executor own;  // its end drops the task nobody can reach any more
    own.set_tracer(&lints);
    { auto detached = own.spawn([]() -> Task<void> { co_await ForgetsItsWaker{}; }()); }
    own.run_until_idle();
    EXPECT_EQ(own.live_tasks(), 1u);
  }
  ASSERT_EQ(lints.seen.size(), 1u);
  EXPECT_EQ(lints.seen[0].first, Lint::lost_waker);
}

TEST_F(LintTest, FuturesThatKeepTheWakerAreNot) {
  Lints lints;
  executor.set_tracer(&lints);
  Gate<int> gate;
  auto gated = executor.spawn([](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); }(gate));
  auto joined = executor.spawn([](JoinHandle<int>& h) -> Task<int> { co_return co_await h; }(gated));
  auto forever = executor.spawn([]() -> Task<void> { co_await never(); }(), "never, by design");
  executor.run_until_idle();
  EXPECT_TRUE(lints.seen.empty()) << lints.texts.front();
  gate.open(1);
  forever.cancel();
  executor.run_until_idle();
  EXPECT_TRUE(lints.seen.empty());
  executor.set_tracer(nullptr);
}

TEST_F(LintTest, APollThatBlocksIsALongPoll) {
  Lints lints;
  LintRules rules;
  rules.long_poll = 2ms;
  executor.set_tracer(&lints, rules);
  auto quick = executor.spawn([]() -> Task<void> { co_await Blocks{0ms}; }(), "quick");
  auto slow = executor.spawn([]() -> Task<void> { co_await Blocks{10ms}; }(), "slow");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  ASSERT_EQ(lints.seen.size(), 1u);
  EXPECT_EQ(lints.seen[0].first, Lint::long_poll);
  EXPECT_EQ(lints.seen[0].second, slow.id());
}

TEST_F(LintTest, ATaskThatOnlyWakesItselfIsASelfWake) {
  Lints lints;
  executor.set_tracer(&lints);
  auto spinner = executor.spawn([]() -> Task<void> { co_await Spins{25}; }(), "spinner");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  ASSERT_EQ(lints.seen.size(), 1u) << "said once per task";
  EXPECT_EQ(lints.seen[0].first, Lint::self_wake);
  EXPECT_EQ(lints.seen[0].second, spinner.id());
}

TEST_F(LintTest, YieldingOnPurposeIsNotASelfWake) {
  Lints lints;
  executor.set_tracer(&lints);
  auto yielder = executor.spawn([]() -> Task<void> {
    for (int i = 0; i < 25; ++i) co_await yield_now();
  }(), "yielder");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  EXPECT_TRUE(lints.seen.empty());
  EXPECT_TRUE(yielder.is_finished());
}
