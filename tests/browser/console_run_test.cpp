// `run EXPR` in the playground's console, in wasm under Node, its sockets
// going through a real relay (node_relay_test.sh starts `asyncplay dev`).
#include <gtest/gtest.h>

#include <cstdlib>

#include "net/relay_config.hpp"
#include "runtime/time/sleep.hpp"
#include "wasm/console.hpp"

using namespace asyncplay;
using asyncplay::wasm::Output;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class ConsoleRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (env("ASYNCPLAY_RELAY").empty()) GTEST_SKIP() << "run by tests/browser/node_relay_test.sh";
    net::set_relay_url(env("ASYNCPLAY_RELAY"));
    console = std::make_unique<wasm::Console>(
        [this](Output kind, const std::string& text) {
          lines.push_back({kind, text});
        },
        "");
  }
  void TearDown() override {
    console.reset();
    EXPECT_EQ(Executor::current().live_tasks(), 0u) << "a task was left alive";
  }
  bool printed(Output kind, const std::string& text) const {
    for (const auto& [k, t] : lines) {
      if (k == kind && t == text) return true;
    }
    return false;
  }
  std::string all() const {
    std::string out;
    for (const auto& [k, text] : lines) out += std::to_string(static_cast<int>(k)) + ": " + text + "\n";
    return out;
  }
  std::string url(const std::string& path) { return "http://127.0.0.1:" + env("ASYNCPLAY_HTTP_PORT") + path; }

  std::vector<std::pair<Output, std::string>> lines;
  std::unique_ptr<wasm::Console> console;
};

}  // namespace

TEST_F(ConsoleRunTest, ARaceIsWonBySleepAndNeverIsDropped) {
  console->run("run race(sleep(10ms), never())");
  EXPECT_TRUE(printed(Output::out, "Ready(sleep(10ms) won: Ready(()); dropped never())")) << all();
}

TEST_F(ConsoleRunTest, JoinAndSpawnGetThroughTheRelay) {
  console->run("run join(get(" + url("/a") + "), spawn(get(" + url("/b") + ")))");
  ASSERT_EQ(lines.size(), 1u) << all();
  EXPECT_EQ(lines[0].first, Output::out) << all();
  EXPECT_EQ(lines[0].second.rfind("Ready([Ready(200 OK, ", 0), 0u) << all();
  EXPECT_NE(lines[0].second.find("), Ready(200 OK, "), std::string::npos) << all();
}

TEST_F(ConsoleRunTest, ATimeoutIsPrintedAsAnError) {
  console->run("run timeout(20ms, never())");
  EXPECT_TRUE(printed(Output::error, "timed out after 20 ms; dropped never()")) << all();
}

TEST_F(ConsoleRunTest, ABadExpressionIsShownWithACaretAndNothingRuns) {
  console->run("run   join(slep(1ms))");
  EXPECT_TRUE(
      printed(Output::error,
              "unknown function 'slep': did you mean sleep? (known: sleep, get, cheapo, connect, join, race, "
              "timeout, spawn, yield_now, never, block, lost_waker)\n"
              "  join(slep(1ms))\n"
              "       ^"))
      << all();
}

TEST_F(ConsoleRunTest, RunAloneListsTheFunctions) {
  console->run("run");
  ASSERT_EQ(lines.size(), 1u) << all();
  EXPECT_NE(lines[0].second.find("timeout(DURATION, FUTURE)"), std::string::npos) << all();
  EXPECT_NE(lines[0].second.find("64 futures"), std::string::npos) << all();
}

TEST_F(ConsoleRunTest, CtrlCDropsTheWholeExpressionWithItsSpawnedTasks) {
  auto stopper = spawn([](wasm::Console& c) -> Task<void> {
    co_await sleep(std::chrono::milliseconds(200));
    c.interrupt();
  }(*console));
  console->run("run join(spawn(get(" + url("/never") + ")), never())");
  EXPECT_TRUE(printed(Output::error, "^C: cancelled (the command's future was dropped)")) << all();
  EXPECT_EQ(Executor::current().live_tasks(), 0u) << "the spawned get outlived the expression that spawned it";
}
