// Clients nobody here wrote — Node's `ws` and Python's `websockets` — talk to
// our chat server through our relay, and see the relay's close codes.
#include <gtest/gtest.h>

#include <cstdio>

#include "chat/server.hpp"
#include "net/relay_protocol.hpp"
#include "relay/server.hpp"
#include "runtime/spawn_blocking.hpp"
#include "support/net_fixture.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
namespace rp = asyncplay::net::relay_protocol;

namespace {

const std::string kSource = ASYNCPLAY_SOURCE_DIR;

class InteropTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto chat_listener = listen_local();
    chat_port = chat_listener.local_addr().port();
    chat::ServerOptions chat_options;
    chat_options.log = nullptr;
    tasks.push_back(executor.spawn(chat::serve_chat(std::move(chat_listener), chat_options)));
    auto options = std::make_shared<relay::RelayOptions>();
    options->log = nullptr;
    options->policy = relay::TargetPolicy({{"127.0.0.1", chat_port}}, {});
    auto relay_listener = listen_local();
    relay_port = relay_listener.local_addr().port();
    tasks.push_back(executor.spawn(relay::serve_relay(std::move(relay_listener), options)));
  }
  void TearDown() override {
    for (auto& t : tasks) t.cancel();
    EXPECT_EQ(executor.live_tasks(), 0u);
  }
  std::string client() const {
    return GetParam() == "node-ws" ? "node " + kSource + "/tests/interop/ws_client.mjs"
                                   : "/usr/bin/python3 " + kSource + "/tests/interop/py_client.py";
  }
  std::string url(const std::string& target) const {
    return "'ws://127.0.0.1:" + std::to_string(relay_port) + "/relay?target=" + target + "'";
  }

  Executor executor;
  std::vector<JoinHandle<void>> tasks;
  std::uint16_t chat_port = 0, relay_port = 0;
};

}  // namespace

TEST_P(InteropTest, ChatsWithTheChatServerThroughTheRelay) {
  auto ran = run(executor, shell("cd " + kSource + " && " + client() + " chat " +
                                 url("127.0.0.1:" + std::to_string(chat_port)) + " rust 'hello from outside'"));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("{\"Message\":{\"group_name\":\"rust\",\"message\":\"hello from outside\"}}"),
            std::string::npos)
      << ran.output;
}

// Keepalive with clients that answer pings by themselves: quiet for over
// twice the idle timeout, and the chat still works.
TEST_P(InteropTest, AQuietClientThatAnswersPingsIsNotCut) {
  auto options = std::make_shared<relay::RelayOptions>();
  options->log = nullptr;
  options->policy = relay::TargetPolicy({{"127.0.0.1", chat_port}}, {});
  options->limits.ping_interval = 200ms;
  options->limits.idle_timeout = 600ms;
  auto listener = listen_local();
  relay_port = listener.local_addr().port();
  tasks.push_back(executor.spawn(relay::serve_relay(std::move(listener), options)));
  auto ran = run(executor, shell("cd " + kSource + " && " + client() + " quiet " +
                                 url("127.0.0.1:" + std::to_string(chat_port)) + " rust 'after a quiet while' 1.5"));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("\"message\":\"after a quiet while\""), std::string::npos) << ran.output;
}

TEST_P(InteropTest, SeesTheRelaysCloseCodeForARefusedTarget) {
  auto ran = run(executor, shell("cd " + kSource + " && " + client() + " close " + url("127.0.0.1:22") + " " +
                                 std::to_string(rp::close_code::not_allowed)));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("not on this relay's allow-list"), std::string::npos) << ran.output;
}

INSTANTIATE_TEST_SUITE_P(Clients, InteropTest, ::testing::Values("node-ws", "python-websockets"),
                         [](const auto& info) { return info.param == "node-ws" ? std::string("NodeWs") : std::string("PythonWebsockets"); });
