// The executor's event stream (docs/TRACE_EVENTS.md): each event with its
// site, cause and timing, for tasks that await a gate, a timer, a channel,
// another task; the await chain of nested tasks; and that tracing changes
// nothing the tasks do.
#include "runtime/trace/tracer.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/race.hpp"
#include "runtime/sync/mpsc.hpp"
#include "runtime/task.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/yield_now.hpp"
#include "support/runtime_fixture.hpp"
#include "trace/event_words.hpp"
#include "trace/recorded_event.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;
using asyncplay::testing::Gate;
using TracerTest = asyncplay::testing::RuntimeTest;

namespace {

struct Recorder : Tracer {
  std::vector<trace::RecordedEvent> events;
  void on_event(const TraceEvent& event) override { events.emplace_back(event); }

  std::vector<TraceEvent> of(TaskId task) const {
    std::vector<TraceEvent> out;
    for (const auto& e : events) {
      if (e.view().task == task && e.view().kind != TraceKind::waker) out.push_back(e.view());
    }
    return out;
  }
  std::vector<std::string> kinds(TaskId task) const {
    std::vector<std::string> out;
    for (const auto& e : of(task)) out.emplace_back(to_string(e.kind));
    return out;
  }
};

bool ends_with(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

}  // namespace

// A server's connections are spawned into a TaskSet: the site is the line of
// the accept loop that spawns them, and the parent is the accept loop's task.
TEST_F(TracerTest, ATaskSetSpawnNamesItsCallersSiteAndParent) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  TaskSet connections;
  constexpr std::uint32_t spawn_line = __LINE__ + 3;
  auto accept_loop = [](TaskSet& set) -> Task<void> {
    auto connection = []() -> Task<void> { co_return; };
    set.spawn(connection(), "connection");
    co_return;
  };
  auto loop = executor.spawn(accept_loop(connections), "accept loop");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  std::optional<TraceEvent> spawned;  // views into the recorder's copies, which outlive it
  for (const auto& e : recorder.events) {
    if (e.view().kind == TraceKind::spawn && e.view().task != loop.id()) spawned = e.view();
  }
  ASSERT_TRUE(spawned);
  EXPECT_EQ(spawned->site.line, spawn_line);
  EXPECT_TRUE(ends_with(spawned->site.file, "tracer_test.cpp")) << spawned->site.file;
  EXPECT_EQ(spawned->parent, loop.id());
}

TEST_F(TracerTest, SpawnNamesItsSiteAndTheFirstPollFollowsWithoutAWake) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> gate;
  constexpr std::uint32_t await_line = __LINE__ + 1;
  auto body = [](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); };
  constexpr std::uint32_t spawn_line = __LINE__ + 1;
  auto handle = executor.spawn(body(gate), "request");
  executor.run_until_idle();
  gate.open(1);
  executor.run_until_idle();
  executor.set_tracer(nullptr);

  EXPECT_EQ(recorder.kinds(handle.id()),
            (std::vector<std::string>{"spawn", "poll", "pending", "wake", "poll", "ready"}));
  auto events = recorder.of(handle.id());
  EXPECT_EQ(events[0].site.line, spawn_line);
  EXPECT_TRUE(ends_with(events[0].site.file, "tracer_test.cpp")) << events[0].site.file;
  EXPECT_EQ(events[0].site.label(), "tracer_test.cpp:" + std::to_string(spawn_line));
  EXPECT_EQ(events[0].parent, 0u);
  EXPECT_EQ(events[1].wake_id, 0u) << "the first poll comes from spawn, not from a wake";
  ASSERT_EQ(events[2].chain.size(), 1u);
  EXPECT_EQ(events[2].chain[0].site.line, await_line);
  EXPECT_GT(events[2].chain[0].frame_bytes, 0u) << "the frame that keeps the locals";
  EXPECT_EQ(std::vector<std::string>(events[2].waits.begin(), events[2].waits.end()),
            std::vector<std::string>{"a gate the test opens"});
  EXPECT_EQ(events[3].effect, WakeEffect::scheduled);
  EXPECT_EQ(events[3].cause.kind, WakeCause::Kind::thread) << "opened from outside the executor's loop";
  EXPECT_EQ(describe(events[3].cause), "outside the loop (another thread, or code outside any task)");
  EXPECT_NE(events[3].wake_id, 0u);
  EXPECT_EQ(events[4].wake_id, events[3].wake_id) << "the poll names the wake that led to it";
  EXPECT_FALSE(events[5].failed);
  for (const auto& e : events) EXPECT_EQ(e.name, "request");
}

TEST_F(TracerTest, ATimerWakeSaysItWasTheTimer) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  auto handle = executor.spawn([]() -> Task<void> { co_await sleep(30ms); }(), "napper");
  executor.run_until([&] { return handle.is_finished(); });
  executor.set_tracer(nullptr);
  auto events = recorder.of(handle.id());
  ASSERT_EQ(recorder.kinds(handle.id()),
            (std::vector<std::string>{"spawn", "poll", "pending", "wake", "poll", "ready"}));
  ASSERT_EQ(events[2].waits.size(), 1u);
  EXPECT_EQ(events[2].waits[0].rfind("timer ", 0), 0u) << events[2].waits[0];
  EXPECT_TRUE(ends_with(events[2].waits[0], " ms")) << events[2].waits[0];
  EXPECT_EQ(events[3].cause.kind, WakeCause::Kind::timer);
  EXPECT_EQ(describe(events[3].cause), "timer");
  EXPECT_GE(events[4].at - events[1].at, 30ms) << "the first poll made the timer; the next came after it fired";
}

TEST_F(TracerTest, AChannelWakeNamesTheSendingTask) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  auto [tx, rx] = mpsc::channel<int>(4);
  auto receiver = executor.spawn([](mpsc::Receiver<int> r) -> Task<int> { co_return *co_await r.recv(); }(std::move(rx)),
                                 "receiver");
  executor.run_until_idle();
  auto sender = executor.spawn([](mpsc::Sender<int> t) -> Task<void> { co_await t.send(7); }(std::move(tx)), "sender");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  auto events = recorder.of(receiver.id());
  // The send wakes it; the sender's end, dropped as the sender finishes, wakes it again (already scheduled).
  ASSERT_EQ(recorder.kinds(receiver.id()),
            (std::vector<std::string>{"spawn", "poll", "pending", "wake", "wake", "poll", "ready"}));
  EXPECT_EQ(events[4].effect, WakeEffect::none);
  EXPECT_EQ(events[5].wake_id, events[3].wake_id);
  EXPECT_EQ(std::string(events[2].waits[0]), "mpsc recv");
  EXPECT_EQ(events[3].cause.kind, WakeCause::Kind::task);
  EXPECT_EQ(events[3].cause.id, static_cast<std::int64_t>(sender.id()));
  EXPECT_EQ(describe(events[3].cause), "task " + std::to_string(sender.id()) + " (mpsc sender)");
}

TEST_F(TracerTest, AJoinHandleWakeNamesTheTaskThatEnded) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> gate;
  auto worker = executor.spawn([](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); }(gate), "worker");
  TaskId worker_id = worker.id();
  auto waiter = executor.spawn([](JoinHandle<int> w) -> Task<int> { co_return co_await w; }(std::move(worker)), "waiter");
  executor.run_until_idle();
  gate.open(3);
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  auto events = recorder.of(waiter.id());
  ASSERT_EQ(recorder.kinds(waiter.id()),
            (std::vector<std::string>{"spawn", "poll", "pending", "wake", "poll", "ready"}));
  EXPECT_EQ(std::string(events[2].waits[0]), "JoinHandle of task " + std::to_string(worker_id));
  EXPECT_EQ(describe(events[3].cause),
            "task " + std::to_string(worker_id) + " (finished)");
}

TEST_F(TracerTest, TheAwaitChainGoesOutermostFirstAndFollowsTheBody) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> first, second;
  constexpr std::uint32_t inner_line = __LINE__ + 1;
  auto inner = [](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); };
  constexpr std::uint32_t outer_line = __LINE__ + 2;
  auto outer = [&inner](Gate<int>& a, Gate<int>& b) -> Task<int> {
    int x = co_await inner(a);  // outer_line
    int y = co_await b.wait();  // outer_line + 1
    co_return x + y;
  };
  auto handle = executor.spawn(outer(first, second), "outer");
  executor.run_until_idle();
  executor.run_until_idle();
  auto snapshot = executor.tasks();
  first.open(1);
  executor.run_until_idle();
  second.open(2);
  executor.run_until_idle();
  executor.set_tracer(nullptr);

  std::vector<TraceEvent> pendings;
  for (const auto& e : recorder.of(handle.id())) {
    if (e.kind == TraceKind::pending) pendings.push_back(e);
  }
  ASSERT_EQ(pendings.size(), 2u);
  ASSERT_EQ(pendings[0].chain.size(), 2u);
  EXPECT_EQ(pendings[0].chain[0].site.line, outer_line);
  EXPECT_EQ(pendings[0].chain[1].site.line, inner_line);
  EXPECT_NE(pendings[0].chain[0].frame_bytes, 0u);
  ASSERT_EQ(pendings[1].chain.size(), 1u) << "the inner task is done: the chain is the outer await alone";
  EXPECT_EQ(pendings[1].chain[0].site.line, outer_line + 1);

  ASSERT_EQ(snapshot.size(), 1u);
  EXPECT_EQ(snapshot[0].state, "pending");
  ASSERT_EQ(snapshot[0].parked_at.size(), 2u);
  EXPECT_EQ(snapshot[0].parked_at[1].site.line, inner_line);
  EXPECT_EQ(snapshot[0].waits, std::vector<std::string>{"a gate the test opens"});
  EXPECT_EQ(snapshot[0].polls, 1u);
}

TEST_F(TracerTest, ASpawnInsideATaskNamesItsParent) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  TaskId child = 0;
  auto parent = executor.spawn([](TaskId& out) -> Task<void> {
    auto handle = spawn([]() -> Task<void> { co_return; }(), "child");
    out = handle.id();
    co_await handle;
  }(child), "parent");
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  auto events = recorder.of(child);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].kind, TraceKind::spawn);
  EXPECT_EQ(events[0].parent, parent.id());
  EXPECT_EQ(std::string(events[0].site.function), "operator()");
}

TEST_F(TracerTest, CancellationIsReported) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  auto handle = executor.spawn([]() -> Task<void> { co_await sleep(std::chrono::hours(1)); }(), "doomed");
  executor.run_until_idle();
  handle.cancel();
  executor.set_tracer(nullptr);
  EXPECT_EQ(recorder.kinds(handle.id()), (std::vector<std::string>{"spawn", "poll", "pending", "cancel"}));
}

// A race keeps a waker in the timer and one in the gate; the gate wins and
// the losing sleep is dropped with its waker, while the task lives on.
TEST_F(TracerTest, WakerClonesAndDropsAreCounted) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> gate;
  auto handle = executor.spawn([](Gate<int>& g) -> Task<void> {
    co_await race(sleep(std::chrono::hours(1)), g.wait());
    co_await yield_now();
  }(gate), "racer");
  executor.run_until_idle();
  gate.open(1);
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  std::vector<std::pair<bool, std::uint32_t>> changes;
  for (const auto& e : recorder.events) {
    if (e.view().kind == TraceKind::waker) changes.emplace_back(e.view().cloned, e.view().held);
  }
  EXPECT_EQ(changes, (std::vector<std::pair<bool, std::uint32_t>>{{true, 1}, {true, 2}, {false, 0}}))
      << "two clones (timer, gate); the gate's is woken, the timer's dropped with the losing sleep";
  EXPECT_TRUE(handle.is_finished());
}

TEST_F(TracerTest, WordsSayWhereAndWhy) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  auto handle = executor.spawn([]() -> Task<void> { co_await sleep(1ms); }(), "napper");
  executor.run_until([&] { return handle.is_finished(); });
  executor.set_tracer(nullptr);
  trace::EventWords words(recorder.events.front().view().at);
  std::vector<std::string> lines;
  for (const auto& e : recorder.events) {
    if (auto line = words.line(e.view())) lines.push_back(*line);
  }
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_NE(lines[0].find("task " + std::to_string(handle.id()) + " napper: spawned at tracer_test.cpp:"),
            std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("first poll"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(": Pending after "), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find(" at tracer_test.cpp:"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find(", waits for timer "), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("woken by timer; scheduled"), std::string::npos) << lines[3];
  EXPECT_NE(lines[4].find("polled (woken by timer): resumes where it stopped"), std::string::npos) << lines[4];
  EXPECT_NE(lines[5].find(": Ready after "), std::string::npos) << lines[5];
  EXPECT_EQ(lines[0].rfind("+0.000 ms  ", 0), 0u) << lines[0];
}

// The same tasks, traced and not: the same polls in the same order.
TEST_F(TracerTest, TracingChangesNothingTheTasksDo) {
  auto scenario = [](Executor& ex) {
    std::vector<std::string> log;
    auto [tx, rx] = mpsc::channel<int>(1);
    auto consumer = ex.spawn([](mpsc::Receiver<int> r, std::vector<std::string>& out) -> Task<void> {
      while (auto v = co_await r.recv()) out.push_back("got " + std::to_string(*v));
    }(std::move(rx), log));
    auto producer = ex.spawn([](mpsc::Sender<int> t, std::vector<std::string>& out) -> Task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await t.send(i);
        out.push_back("sent " + std::to_string(i));
      }
      co_await sleep(1ms);
      out.push_back("slept");
    }(std::move(tx), log));
    ex.run_until([&] { return consumer.is_finished() && producer.is_finished(); });
    auto polls = ex.tasks().size();
    log.push_back("left " + std::to_string(polls));
    return log;
  };
  auto plain = scenario(executor);
  Recorder recorder;
  executor.set_tracer(&recorder);
  auto traced = scenario(executor);
  executor.set_tracer(nullptr);
  EXPECT_EQ(plain, traced);
  EXPECT_FALSE(recorder.events.empty());
}
