// `run EXPR` end to end: each combinator built from a parsed expression and
// run against real sockets on 127.0.0.1 (the hello server of `asyncplay dev`).
// Every test ends with no task left and no timer registered.
#include <gtest/gtest.h>

#include <regex>
#include <vector>

#include "compose/build.hpp"
#include "compose/expression.hpp"
#include "http/hello_server.hpp"
#include "support/net_fixture.hpp"

using namespace asyncplay;
using namespace asyncplay::compose;
using namespace asyncplay::testing;

namespace {

// Remembers the name of every task spawned while it is installed.
struct SpawnNames : Tracer {
  std::vector<std::string> names;
  void on_event(const TraceEvent& e) override {
    if (e.kind == TraceKind::spawn) names.emplace_back(e.name);
  }
};

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto listener = listen_local();
    port = std::to_string(listener.local_addr().port());
    server = executor.spawn(http::serve_hello(std::move(listener)), "hello server");
  }
  void TearDown() override {
    server->cancel();
    executor.run_until_idle();
    EXPECT_EQ(executor.live_tasks(), 0u) << "a task was left alive";
    EXPECT_EQ(executor.timers().size(), 0u) << "a timer was left registered";
  }

  Value run_expression(const std::string& text) {
    auto parsed = parse_expression(text);
    if (!parsed) throw std::runtime_error(describe(parsed.error(), text));
    return run(executor, build(std::move(*parsed)));
  }
  std::string url(const std::string& path) { return "http://127.0.0.1:" + port + path; }
  // A port on which nothing listens (it was just given back).
  std::string closed_port() { return std::to_string(listen_local().local_addr().port()); }

  Executor executor;
  std::optional<JoinHandle<void>> server;
  std::string port;
};

bool matches(const std::string& text, const std::string& pattern) {
  return std::regex_match(text, std::regex(pattern));
}

}  // namespace

// The two futures that go wrong on purpose trip the lints they are there to
// show (this tracer replaces the suites' lint check, which would fail on them).
struct LintNames : Tracer {
  std::vector<std::string> lints;
  void on_event(const TraceEvent& e) override {
    if (e.kind == TraceKind::lint) lints.emplace_back(to_string(e.lint));
  }
};

TEST_F(RunTest, LostWakerIsLintedAsOneAndEndsOnlyByBeingDropped) {
  LintNames seen;
  executor.set_tracer(&seen);
  // In a task of its own: a task that also awaits the timer holds that waker.
  auto value = run_expression("race(spawn(lost_waker()), sleep(20ms))");
  executor.set_tracer(nullptr);
  EXPECT_EQ(value.to_string(), "Ready(sleep(20ms) won: Ready(()); dropped spawn(lost_waker()))");
  EXPECT_EQ(seen.lints, std::vector<std::string>{"lost-waker"});
}

TEST_F(RunTest, ABlockingPollIsLintedAsALongPoll) {
  LintNames seen;
  LintRules rules;
  rules.long_poll = std::chrono::milliseconds(20);
  executor.set_tracer(&seen, rules);
  EXPECT_EQ(run_expression("block(60ms)").to_string(), "Ready(())");
  executor.set_tracer(nullptr);
  EXPECT_EQ(seen.lints, std::vector<std::string>{"long-poll"});
}

TEST_F(RunTest, SleepIsReadyWithUnit) { EXPECT_EQ(run_expression("sleep(1ms)").to_string(), "Ready(())"); }

TEST_F(RunTest, RaceOfSleepAndNeverIsWonBySleepAndNeverIsDropped) {
  auto value = run_expression("race(sleep(10ms), never())");
  EXPECT_EQ(value.to_string(), "Ready(sleep(10ms) won: Ready(()); dropped never())");
  EXPECT_FALSE(value.failed());
}

TEST_F(RunTest, ARaceDropsAGetStillWaitingForItsAnswer) {
  // /never holds the connection open: only the timer can win.
  auto value = run_expression("race(sleep(20ms), get(" + url("/never") + "))");
  EXPECT_EQ(value.to_string(), "Ready(sleep(20ms) won: Ready(()); dropped get(" + url("/never") + "))");
}

// The issue's own example: the timer wins and the slow get is dropped.
TEST_F(RunTest, ARaceDropsASlowGetWhenTheTimerWins) {
  auto value = run_expression("race(sleep(10ms), get(" + url("/slow") + "))");
  EXPECT_EQ(value.to_string(), "Ready(sleep(10ms) won: Ready(()); dropped get(" + url("/slow") + "))");
}

TEST_F(RunTest, TimeoutOfNeverTimesOutAndDropsIt) {
  auto value = run_expression("timeout(20ms, never())");
  EXPECT_EQ(value.to_string(), "timed out after 20 ms; dropped never()");
  EXPECT_TRUE(value.failed());
}

TEST_F(RunTest, TimeoutOfAFutureThatEndsFirstIsThatFuturesValue) {
  EXPECT_EQ(run_expression("timeout(10s, sleep(1ms))").to_string(), "Ready(())");
}

TEST_F(RunTest, JoinOfTwoGetsReturnsBothInOrder) {
  SpawnNames spawns;
  executor.set_tracer(&spawns);
  auto value = run_expression("join(get(" + url("/a") + "), get(" + url("/bb") + "))");
  executor.set_tracer(nullptr);
  EXPECT_TRUE(matches(value.to_string(),
                      R"(Ready\(\[Ready\(200 OK, (\d+) bytes\), Ready\(200 OK, (\d+) bytes\)\]\))"))
      << value.to_string();
  ASSERT_EQ(value.items().size(), 2u);
  EXPECT_FALSE(value.failed());
  for (const auto& name : spawns.names) {
    EXPECT_TRUE(name == "block_on" || name == "hello") << "join spawned a task of its own: " << name;
  }
}

TEST_F(RunTest, CheapoIsTheSameGet) {
  auto value = run_expression("cheapo(127.0.0.1, " + port + ", /x)");
  EXPECT_TRUE(matches(value.to_string(), R"(Ready\(200 OK, \d+ bytes\))")) << value.to_string();
}

TEST_F(RunTest, SpawnRunsItsFutureAsASecondTaskNamedAfterIt) {
  SpawnNames spawns;
  executor.set_tracer(&spawns);
  std::string inner = "get(" + url("/a") + ")";
  auto value = run_expression("join(spawn(" + inner + "), sleep(1ms))");
  executor.set_tracer(nullptr);
  EXPECT_TRUE(matches(value.to_string(), R"(Ready\(\[Ready\(200 OK, \d+ bytes\), Ready\(\(\)\)\]\))"))
      << value.to_string();
  EXPECT_EQ(std::count(spawns.names.begin(), spawns.names.end(), inner), 1) << "no task named " << inner;
  EXPECT_EQ(std::count(spawns.names.begin(), spawns.names.end(), "block_on"), 1);
}

TEST_F(RunTest, ASpawnedTaskThatLosesARaceIsCancelledWithIt) {
  auto value = run_expression("race(sleep(5ms), spawn(never()))");
  EXPECT_EQ(value.to_string(), "Ready(sleep(5ms) won: Ready(()); dropped spawn(never()))");
  EXPECT_EQ(executor.live_tasks(), 1u) << "only the hello server is left: the spawned never() was cancelled";
}

TEST_F(RunTest, ConnectToAListenerIsReady) {
  EXPECT_EQ(run_expression("connect(127.0.0.1:" + port + ")").to_string(),
            "Ready(connected to 127.0.0.1:" + port + ")");
}

TEST_F(RunTest, ConnectToAClosedPortIsAnErr) {
  std::string closed = closed_port();
  auto value = run_expression("connect(127.0.0.1:" + closed + ")");
  EXPECT_EQ(value.kind(), Value::Kind::error);
  EXPECT_TRUE(value.failure().is(std::errc::connection_refused)) << value.to_string();
  EXPECT_EQ(value.to_string(),
            "Err(connect 127.0.0.1:" + closed + ": " + value.failure().code().message() + ")");
  EXPECT_TRUE(value.failed());
}

TEST_F(RunTest, AFailedGetSaysWhichGetFailed) {
  std::string closed = closed_port();
  std::string get = "get(http://127.0.0.1:" + closed + "/)";
  auto value = run_expression(get);
  EXPECT_EQ(value.to_string().rfind("Err(" + get + ": connect 127.0.0.1:" + closed + ": ", 0), 0u)
      << value.to_string();
}

TEST_F(RunTest, AnErrInsideAJoinIsShownInItsPlaceAndFailsTheWhole) {
  auto value = run_expression("join(sleep(1ms), connect(127.0.0.1:" + closed_port() + "))");
  ASSERT_EQ(value.items().size(), 2u);
  EXPECT_EQ(value.items()[0].to_string(), "Ready(())");
  EXPECT_EQ(value.items()[1].kind(), Value::Kind::error);
  EXPECT_TRUE(value.failed());
}

TEST_F(RunTest, YieldNowGivesWayOnceAndIsReady) {
  EXPECT_EQ(run_expression("join(yield_now(), yield_now())").to_string(), "Ready([Ready(()), Ready(())])");
}

TEST_F(RunTest, ATimeoutDropsAWholeJoinWithItsTimers) {
  auto value = run_expression("timeout(10ms, join(sleep(50s), never(), spawn(sleep(50s))))");
  EXPECT_EQ(value.to_string(), "timed out after 10 ms; dropped join(sleep(50s), never(), spawn(sleep(50s)))");
  EXPECT_EQ(executor.timers().size(), 0u) << "the dropped sleeps left the timer queue";
  EXPECT_EQ(executor.live_tasks(), 1u) << "the spawned sleep was cancelled with the join";
}

TEST_F(RunTest, NothingRunsUntilTheFutureIsPolled) {
  auto future = build(*parse_expression("spawn(connect(127.0.0.1:" + port + "))"));
  EXPECT_EQ(executor.live_tasks(), 1u) << "building spawned nothing: only the hello server runs";
  EXPECT_EQ(executor.timers().size(), 0u);
}
