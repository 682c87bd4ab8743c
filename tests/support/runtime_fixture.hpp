#pragma once
// Helpers shared by the runtime tests:
//  - Counted: counts live instances, to prove frames and futures are freed;
//  - Gate<T>: a leaf future the test opens by hand, counting its polls;
//  - RuntimeTest: a fixture whose every test ends by checking the executor has
//    no task left, the timer queue is empty and no Counted is alive.
#include <gtest/gtest.h>

#include <optional>

#include "runtime/executor.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay::testing {

struct Counted {
  static inline int alive = 0;
  Counted() { ++alive; }
  Counted(const Counted&) { ++alive; }
  Counted(Counted&&) noexcept { ++alive; }
  Counted& operator=(const Counted&) = default;
  ~Counted() { --alive; }
};

// State of a Gate, shared between the test and the future it hands out.
template <class T>
struct GateState {
  std::optional<T> value;
  Waker waker;     // registered by the last Pending poll
  int polls = 0;
};

// A future that stays Pending until the test calls open(value).
template <class T>
class Gate {
 public:
  class Wait {
   public:
    using Output = T;
    explicit Wait(GateState<T>& state) : state_(state) {}
    Poll<T> poll(Context& cx) {
      ++state_.polls;
      if (state_.value) return std::move(*state_.value);
      state_.waker.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("a gate the test opens");
      return pending;  // woken by Gate::open
    }

   private:
    GateState<T>& state_;
  };

  Wait wait() { return Wait(state_); }
  void open(T value) {
    state_.value.emplace(std::move(value));
    Waker w = std::move(state_.waker);
    w.wake();
  }
  int polls() const { return state_.polls; }
  bool has_waker() const { return static_cast<bool>(state_.waker); }

 private:
  GateState<T> state_;
};

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override { Counted::alive = 0; }
  void TearDown() override {
    EXPECT_EQ(executor.live_tasks(), 0u) << "a task was left alive";
    EXPECT_EQ(executor.timers().size(), 0u) << "a timer was left registered";
    EXPECT_EQ(Counted::alive, 0) << "an object was leaked";
  }
  Executor executor;
};

}  // namespace asyncplay::testing
