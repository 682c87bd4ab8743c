// The browser back end of TcpStream, run under Node (which stands in for the
// page: its WebSocket is the `ws` package) against a real relay started by
// node_relay_test.sh. The same cheapo_request and chat code as natively;
// block_on sleeps through Asyncify.
#include <gtest/gtest.h>

#include <cstdlib>

#include "chat/protocol.hpp"
#include "http/cheapo_request.hpp"
#include "net/buf_reader.hpp"
#include "net/relay_config.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/time/sleep.hpp"

using namespace asyncplay;

namespace {

std::uint16_t port_from_env(const char* name) {
  const char* value = std::getenv(name);
  return value ? static_cast<std::uint16_t>(std::atoi(value)) : 0;
}

class BrowserStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* relay = std::getenv("ASYNCPLAY_RELAY");
    if (!relay) GTEST_SKIP() << "run by tests/browser/node_relay_test.sh, which starts a relay";
    net::set_relay_url(relay);
  }
};

}  // namespace

TEST_F(BrowserStreamTest, CheapoRequestRunsUnderBlockOnThroughTheRelay) {
  auto response = block_on(http::cheapo_request("127.0.0.1", port_from_env("ASYNCPLAY_HTTP_PORT"), "/from-wasm"));
  ASSERT_TRUE(response.ok()) << response.error().message();
  EXPECT_EQ(response->substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_NE(response->find("you asked for /from-wasm"), std::string::npos) << *response;
}

TEST_F(BrowserStreamTest, TheChatWorksThroughTheRelay) {
  auto chat = [](std::uint16_t port) -> Task<std::string> {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
    if (!socket) co_return "connect failed: " + socket.error().message();
    (void)co_await socket->write_all(chat::encode(chat::FromClient(chat::Join{"wasm"})));
    (void)co_await socket->write_all(chat::encode(chat::FromClient(chat::Post{"wasm", "hello from wasm"})));
    net::BufReader reader(*socket);
    auto line = co_await reader.next_line();
    if (!line || !*line) co_return "no reply";
    co_return **line;
  };
  EXPECT_EQ(block_on(chat(port_from_env("ASYNCPLAY_CHAT_PORT"))),
            "{\"Message\":{\"group_name\":\"wasm\",\"message\":\"hello from wasm\"}}");
}

TEST_F(BrowserStreamTest, ARefusedTargetIsAnErrorInTheRelaysWords) {
  auto result = block_on(net::TcpStream::connect("127.0.0.1", 22));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find(": not on this relay's allow-list; it allows "), std::string::npos) << result.error().message();
  EXPECT_NE(result.error().message().find("via relay ws://"), std::string::npos) << result.error().message();
}

TEST_F(BrowserStreamTest, TimersKeepRunningWhileBlockOnWaits) {
  auto start = Clock::now();
  block_on(sleep(std::chrono::milliseconds(30)));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(30));
}
