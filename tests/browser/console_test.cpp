// The playground's commands (what the web terminal runs), driven directly,
// under Node against a real relay started by node_relay_test.sh.
#include "wasm/console.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "net/relay_config.hpp"
#include "runtime/sleep.hpp"

using namespace asyncplay;
using asyncplay::wasm::Output;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (env("ASYNCPLAY_RELAY").empty()) GTEST_SKIP() << "run by tests/browser/node_relay_test.sh";
    net::set_relay_url(env("ASYNCPLAY_RELAY"));
    console = std::make_unique<wasm::Console>(
        [this](Output kind, const std::string& text) { lines.push_back({kind, text}); },
        "127.0.0.1:" + env("ASYNCPLAY_CHAT_PORT"));
  }
  // Runs the executor until `done` or two seconds.
  void wait_for(const std::function<bool()>& done) {
    block_on([](const std::function<bool()>& d) -> Task<void> {
      for (int i = 0; i < 200 && !d(); ++i) co_await sleep(std::chrono::milliseconds(10));
    }(done));
  }
  bool printed(Output kind, const std::string& part) const {
    for (const auto& [k, text] : lines) {
      if (k == kind && text.find(part) != std::string::npos) return true;
    }
    return false;
  }
  std::string all() const {
    std::string out;
    for (const auto& [k, text] : lines) out += std::to_string(static_cast<int>(k)) + ": " + text + "\n";
    return out;
  }
  std::vector<std::pair<Output, std::string>> lines;
  std::unique_ptr<wasm::Console> console;
};

}  // namespace

TEST_F(ConsoleTest, ConnectJoinPostShowsTheMessageInTheBooksWords) {
  console->run("connect");  // returns once connected: block_on
  EXPECT_TRUE(printed(Output::out, "connected to")) << all();
  EXPECT_NE(console->status_json().find("\"relay_state\":\"reachable\""), std::string::npos) << console->status_json();
  console->run("join rust");
  console->run("post rust hello from the page");
  wait_for([&] { return printed(Output::message, "message posted to rust: hello from the page"); });
  EXPECT_TRUE(printed(Output::message, "message posted to rust: hello from the page")) << all();
}

TEST_F(ConsoleTest, GetRunsCheapoRequestUnderBlockOn) {
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /page");
  EXPECT_TRUE(printed(Output::out, "HTTP/1.1 200 OK")) << all();
  EXPECT_TRUE(printed(Output::out, "you asked for /page")) << all();
}

TEST_F(ConsoleTest, GetWithUrlsRunsThemAtOnce) {
  std::string url = "http://127.0.0.1:" + env("ASYNCPLAY_HTTP_PORT") + "/";
  console->run("get " + url + "a " + url + "b");
  wait_for([&] { return printed(Output::out, "2 requests at once"); });
  EXPECT_TRUE(printed(Output::out, "/a  HTTP/1.1 200 OK")) << all();
  EXPECT_TRUE(printed(Output::out, "/b  HTTP/1.1 200 OK")) << all();
}

TEST_F(ConsoleTest, CtrlCDropsTheFutureOfAGetThatNeverAnswers) {
  // Interrupts from inside the executor while block_on waits, as a keypress would.
  auto stopper = spawn([](wasm::Console& c) -> Task<void> {
    co_await sleep(std::chrono::milliseconds(200));
    c.interrupt();
  }(*console));
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /never");
  EXPECT_TRUE(printed(Output::error, "cancelled")) << all();
  EXPECT_EQ(Executor::current().tasks().size(), 0u) << "the cancelled request left tasks behind";
}

TEST_F(ConsoleTest, CtrlCDropsTheRequestsOfAGetManyRunningInTheBackground) {
  std::string url = "http://127.0.0.1:" + env("ASYNCPLAY_HTTP_PORT") + "/never";
  console->run("get " + url + " " + url);  // returns at once: spawned
  EXPECT_NE(console->status_json().find("\"running\":\"get many\""), std::string::npos) << console->status_json();
  wait_for([&] { return Executor::current().live_tasks() >= 3; });  // the command and its two requests
  EXPECT_TRUE(console->interrupt());
  wait_for([&] { return Executor::current().live_tasks() == 0; });
  EXPECT_EQ(Executor::current().live_tasks(), 0u) << "the cancelled requests left tasks behind";
  EXPECT_TRUE(printed(Output::error, "cancelled")) << all();
  EXPECT_FALSE(console->interrupt()) << "nothing is running any more";
}

TEST_F(ConsoleTest, ARelayThatIsNotThereIsSaidInWords) {
  console->run("relay ws://127.0.0.1:1/relay");
  console->run("connect");
  EXPECT_TRUE(printed(Output::error, "relay unreachable")) << all();
  EXPECT_NE(console->status_json().find("\"relay_state\":\"unreachable\""), std::string::npos) << console->status_json();
}

TEST_F(ConsoleTest, TraceShowsPollsAndWakes) {
  console->run("trace on");
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /");
  console->run("trace off");
  EXPECT_TRUE(printed(Output::trace, "get: Pending")) << all();
  EXPECT_TRUE(printed(Output::trace, "get: woken")) << all();
  EXPECT_TRUE(printed(Output::trace, "get: Ready")) << all();
}

TEST_F(ConsoleTest, MistakesGetClearErrors) {
  console->run("dance");
  console->run("post rust hi");
  console->run("relay http://nope");
  console->run("trace sideways");
  EXPECT_TRUE(printed(Output::error, "unknown command 'dance'")) << all();
  EXPECT_TRUE(printed(Output::error, "not connected")) << all();
  EXPECT_TRUE(printed(Output::error, "ws:// or wss://")) << all();
  EXPECT_TRUE(printed(Output::error, "usage: trace on|off")) << all();
}
