// `asyncplay run 'EXPR'` as a person runs it: a real process, real sockets.
// The HTTP endpoint runs on this test's executor while the program runs on
// the blocking pool.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "http/hello_server.hpp"
#include "support/net_fixture.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;

namespace {

const std::string kBinary = ASYNCPLAY_BINARY;

class RunCliTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server) server->cancel();
    executor.run_until_idle();
    EXPECT_EQ(executor.live_tasks(), 0u);
  }
  std::string serve_hello() {
    auto listener = listen_local();
    auto port = std::to_string(listener.local_addr().port());
    server = executor.spawn(http::serve_hello(std::move(listener)), "hello server");
    return port;
  }
  Ran program(const std::string& arguments) { return run(executor, shell(kBinary + " run " + arguments)); }

  Executor executor;
  std::optional<JoinHandle<void>> server;
};

}  // namespace

TEST_F(RunCliTest, PrintsTheValueAndExitsZero) {
  auto ran = program("'race(sleep(10ms), never())'");
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(ran.output, "Ready(sleep(10ms) won: Ready(()); dropped never())\n");
}

TEST_F(RunCliTest, GetsFromARealServer) {
  auto port = serve_hello();
  auto ran = program("'join(get(http://127.0.0.1:" + port + "/a), sleep(1ms))'");
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(ran.output.rfind("Ready([Ready(200 OK, ", 0), 0u) << ran.output;
}

TEST_F(RunCliTest, UnquotedWordsAreOneExpression) {
  auto ran = program("'join(sleep(1ms),' 'yield_now())'");
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(ran.output, "Ready([Ready(()), Ready(())])\n");
}

TEST_F(RunCliTest, AnErrOrATimeoutExitsWithOne) {
  auto closed = std::to_string(listen_local().local_addr().port());
  auto refused = program("'connect(127.0.0.1:" + closed + ")'");
  EXPECT_EQ(refused.status, 1) << refused.output;
  EXPECT_EQ(refused.output.rfind("Err(connect 127.0.0.1:" + closed + ": ", 0), 0u) << refused.output;
  auto late = program("'timeout(10ms, never())'");
  EXPECT_EQ(late.status, 1) << late.output;
  EXPECT_EQ(late.output, "timed out after 10 ms; dropped never()\n");
}

TEST_F(RunCliTest, BadInputGetsTheMessageAndACaretAndExitsWithTwo) {
  auto ran = program("'race(slep(10ms), never())'");
  EXPECT_EQ(ran.status, 2) << ran.output;
  EXPECT_EQ(ran.output.rfind("asyncplay run: unknown function 'slep': did you mean sleep?", 0), 0u)
      << ran.output;
  EXPECT_NE(ran.output.find("\n  race(slep(10ms), never())\n       ^\n"), std::string::npos) << ran.output;
}

TEST_F(RunCliTest, NoExpressionOrAnUnknownOptionIsAUsageError) {
  auto none = program("");
  EXPECT_EQ(none.status, 2) << none.output;
  EXPECT_NE(none.output.find("usage: asyncplay run 'EXPR'"), std::string::npos) << none.output;
  auto option = program("'sleep(1ms)' --fast");
  EXPECT_EQ(option.status, 2) << option.output;
  EXPECT_NE(option.output.find("unknown option '--fast'"), std::string::npos) << option.output;
}

TEST_F(RunCliTest, HelpListsEveryFunction) {
  auto ran = program("--help");
  EXPECT_EQ(ran.status, 0) << ran.output;
  for (const char* f : {"sleep(DURATION)", "get(http://HOST:PORT/PATH)", "cheapo(HOST, PORT, PATH)",
                        "connect(HOST:PORT)", "join(FUTURE, ...)", "race(FUTURE, ...)",
                        "timeout(DURATION, FUTURE)", "spawn(FUTURE)", "yield_now()", "never()"}) {
    EXPECT_NE(ran.output.find(f), std::string::npos) << f << " missing from:\n" << ran.output;
  }
}

TEST_F(RunCliTest, TraceFileHoldsTheSpawnedTaskByItsName) {
  std::string path = ::testing::TempDir() + "run_trace.json";
  auto ran = program("'join(spawn(sleep(5ms)), sleep(1ms))' --trace " + path);
  EXPECT_EQ(ran.status, 0) << ran.output;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  auto events = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_TRUE(events.is_array()) << text.str();
  int lanes = 0;  // the tasks' tracks, by the tasks' names
  for (const auto& e : events) {
    if (e.value("name", "") != "thread_name") continue;
    std::string lane = e["args"].value("name", "");
    if (lane.find("block_on") != std::string::npos || lane.find(" sleep(5ms)") != std::string::npos) ++lanes;
  }
  EXPECT_EQ(lanes, 2) << "the block_on task and the spawned one, named after its sub-expression:\n"
                      << text.str();
  std::remove(path.c_str());
}
