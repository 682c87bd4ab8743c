// Task<T>: the semantics of the seed's async functions.
#include "runtime/task.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using asyncplay::testing::Counted;
using asyncplay::testing::Gate;

namespace {

// A waker that counts wakes and references, so tests can see both.
struct CountingWaker {
  int wakes = 0;
  int refs = 0;
  static const WakerVtable vtable;
  Waker make() {
    ++refs;
    return Waker(&vtable, this);
  }
};
const WakerVtable CountingWaker::vtable{
    [](void* d) { ++static_cast<CountingWaker*>(d)->refs; },
    [](void* d) {
      auto* w = static_cast<CountingWaker*>(d);
      ++w->wakes;
      --w->refs;
    },
    [](void* d) { ++static_cast<CountingWaker*>(d)->wakes; },
    [](void* d) { --static_cast<CountingWaker*>(d)->refs; },
};

Task<int> record_steps(std::vector<std::string>& steps, Gate<int>& gate) {
  steps.push_back("started");
  int v = co_await gate.wait();
  steps.push_back("resumed with " + std::to_string(v));
  co_return v * 2;
}

}  // namespace

TEST(Task, CallingAnAsyncFunctionRunsNothing) {
  std::vector<std::string> steps;
  Gate<int> gate;
  auto task = record_steps(steps, gate);
  EXPECT_TRUE(steps.empty());
  EXPECT_EQ(gate.polls(), 0);
}

TEST(Task, FirstPollRunsUpToThePendingAwaitThenReturnsPending) {
  std::vector<std::string> steps;
  Gate<int> gate;
  CountingWaker counter;
  {
    auto task = record_steps(steps, gate);
    Waker waker = counter.make();
    Context cx(waker);
    EXPECT_TRUE(task.poll(cx).is_pending());
    EXPECT_EQ(steps, std::vector<std::string>{"started"});
    EXPECT_TRUE(gate.has_waker()) << "a Pending future must have registered the waker";
  }
  EXPECT_EQ(counter.refs, 1) << "only the gate's stored clone remains";
}

TEST(Task, AfterAWakeTheNextPollResumesExactlyWhereItStopped) {
  std::vector<std::string> steps;
  Gate<int> gate;
  CountingWaker counter;
  auto task = record_steps(steps, gate);
  Waker waker = counter.make();
  Context cx(waker);
  ASSERT_TRUE(task.poll(cx).is_pending());
  // Polling again without progress re-polls the awaited future, not the body.
  ASSERT_TRUE(task.poll(cx).is_pending());
  EXPECT_EQ(steps.size(), 1u);
  EXPECT_EQ(gate.polls(), 2);
  gate.open(21);
  EXPECT_EQ(counter.wakes, 1);
  auto result = task.poll(cx);
  ASSERT_TRUE(result.is_ready());
  EXPECT_EQ(result.take(), 42);
  EXPECT_EQ(steps, (std::vector<std::string>{"started", "resumed with 21"}));
}

namespace {
Task<int> add_one(int x) { co_return x + 1; }
Task<int> nested(Gate<int>& gate) {
  int a = co_await add_one(1);       // ready at once: no suspension
  int b = co_await gate.wait();      // suspends the whole chain
  int c = co_await add_one(b);
  co_return a + c;
}
}  // namespace

TEST(Task, AwaitingAnotherTaskRunsItInline) {
  Gate<int> gate;
  Waker none;
  Context cx(none);
  auto task = nested(gate);
  ASSERT_TRUE(task.poll(cx).is_pending());
  gate.open(10);
  auto r = task.poll(cx);
  ASSERT_TRUE(r.is_ready());
  EXPECT_EQ(r.take(), 2 + 11);
}

namespace {
Task<void> throws_after(Gate<int>& gate) {
  co_await gate.wait();
  throw std::runtime_error("inner failed");
}
Task<std::string> catches(Gate<int>& gate) {
  try {
    co_await throws_after(gate);
  } catch (const std::runtime_error& e) {
    co_return std::string("caught: ") + e.what();
  }
  co_return "not thrown";
}
}  // namespace

TEST(Task, AnExceptionInAnAwaitedTaskIsCatchableByTheAwaiter) {
  Gate<int> gate;
  Waker none;
  Context cx(none);
  auto task = catches(gate);
  ASSERT_TRUE(task.poll(cx).is_pending());
  gate.open(0);
  auto r = task.poll(cx);
  ASSERT_TRUE(r.is_ready());
  EXPECT_EQ(r.take(), "caught: inner failed");
}

TEST(Task, AnUncaughtExceptionLeavesPollAsIs) {
  Gate<int> gate;
  Waker none;
  Context cx(none);
  auto task = throws_after(gate);
  ASSERT_TRUE(task.poll(cx).is_pending());
  gate.open(0);
  EXPECT_THROW((void)task.poll(cx), std::runtime_error);
}

namespace {
// A leaf future that throws when polled, on its first poll or after `pending` Pendings.
struct Throws {
  using Output = int;
  int pending = 0;
  Poll<int> poll(Context& cx) {
    if (pending-- > 0) {
      cx.waker().wake_by_ref();
      return asyncplay::pending;  // woken just above
    }
    throw std::runtime_error("leaf failed");
  }
};
// Catches what each awaited future throws, then awaits again: the error slot
// must be clear for the next await, and the body must go on.
Task<std::string> catches_twice(int pending_first, Gate<int>& gate) {
  std::string seen;
  for (int pending : {pending_first, 0}) {
    try {
      co_await Throws{pending};
      seen += "returned;";
    } catch (const std::runtime_error& e) {
      seen += std::string(e.what()) + ";";
    }
  }
  seen += std::to_string(co_await gate.wait());
  co_return seen;
}
}  // namespace

TEST(Task, AFutureThrowingOnItsFirstPollIsCaughtAtItsAwait) {
  Gate<int> gate;
  Waker none;
  Context cx(none);
  auto task = catches_twice(0, gate);
  ASSERT_TRUE(task.poll(cx).is_pending());  // both throws caught; parked on the gate
  gate.open(7);
  auto r = task.poll(cx);
  ASSERT_TRUE(r.is_ready());
  EXPECT_EQ(r.take(), "leaf failed;leaf failed;7");
}

TEST(Task, AFutureThrowingOnALaterPollIsCaughtAtItsAwait) {
  Gate<int> gate;
  Waker none;
  Context cx(none);
  auto task = catches_twice(2, gate);
  ASSERT_TRUE(task.poll(cx).is_pending());
  ASSERT_TRUE(task.poll(cx).is_pending());
  ASSERT_TRUE(task.poll(cx).is_pending());  // the third poll throws inside Task::poll's re-poll
  gate.open(8);
  auto r = task.poll(cx);
  ASSERT_TRUE(r.is_ready());
  EXPECT_EQ(r.take(), "leaf failed;leaf failed;8");
}

namespace {
Task<void> holds_counted(Gate<int>& gate) {
  Counted local;
  co_await gate.wait();
}
}  // namespace

TEST(Task, DestroyingAPendingTaskFreesItsFrameAndLocals) {
  Counted::alive = 0;
  Gate<int> gate;
  CountingWaker counter;
  {
    auto task = holds_counted(gate);
    Waker waker = counter.make();
    Context cx(waker);
    ASSERT_TRUE(task.poll(cx).is_pending());
    EXPECT_EQ(Counted::alive, 1);
  }
  EXPECT_EQ(Counted::alive, 0);
  // The gate still holds a waker: waking it is harmless.
  gate.open(1);
  EXPECT_EQ(counter.wakes, 1);
  EXPECT_EQ(counter.refs, 0);
}

TEST(Task, AMovedTaskKeepsItsState) {
  Gate<int> gate;
  std::vector<std::string> steps;
  Waker none;
  Context cx(none);
  auto first = record_steps(steps, gate);
  ASSERT_TRUE(first.poll(cx).is_pending());
  Task<int> second = std::move(first);
  EXPECT_FALSE(first.valid());
  gate.open(1);
  EXPECT_EQ(second.poll(cx).take(), 2);
}
