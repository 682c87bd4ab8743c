// redis::Connection against Debian's redis-server, started by the test on a
// free loopback port: replies, pub/sub, and the ways a connection ends
// (nothing listening, the server killed, a peer that does not speak RESP).
#include "redis/connection.hpp"

#include <gtest/gtest.h>

#include "runtime/join.hpp"
#include "runtime/task_set.hpp"
#include "support/net_fixture.hpp"
#include "support/redis_server.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;

namespace {

class RedisConnectionTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(executor.live_tasks(), 0u) << "a task outlived its connection"; }
  Executor executor;
};

// A command's words. (Not a braced list inside co_await: g++ 12 rejects
// string literals there, "array used as initializer".)
template <class... Words>
std::vector<std::string> words(const Words&... w) {
  return {std::string(w)...};
}

Task<std::unique_ptr<redis::Connection>> connect_to(std::uint16_t port) {
  auto connection = co_await redis::Connection::connect("127.0.0.1", port);
  if (!connection) throw Failure(connection.error());
  co_return std::move(*connection);
}

}  // namespace

TEST_F(RedisConnectionTest, CommandsGetTheirRepliesInOrder) {
  RedisServer server;
  run(executor, [&]() -> Task<void> {
    auto redis = co_await connect_to(server.port());
    auto set = co_await redis->command(words("SET", "greeting", "hello\r\nworld"));
    CO_ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->text, "OK");
    auto got = co_await redis->command(words("GET", "greeting"));
    CO_ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->type, redis::Reply::Type::string);
    EXPECT_EQ(got->text, "hello\r\nworld");  // binary-safe arguments
    // Many at once: each reply reaches its own caller.
    std::vector<Task<Result<redis::Reply>>> increments;
    for (int i = 0; i < 100; ++i) increments.push_back(redis->command(words("INCR", "counter")));
    long long expected = 1;
    for (auto& increment : increments) {
      auto n = co_await std::move(increment);
      CO_ASSERT_TRUE(n.ok());
      EXPECT_EQ(n->integer, expected++);
    }
    auto wrong = co_await redis->command(words("INCR", "greeting"));
    CO_ASSERT_TRUE(!wrong.ok());
    EXPECT_NE(wrong.error().message().find("Redis: ERR value is not an integer"), std::string::npos)
        << wrong.error().message();
  }());
}

TEST_F(RedisConnectionTest, ASubscriberHearsWhatAnotherConnectionPublishes) {
  RedisServer server;
  run(executor, [&]() -> Task<void> {
    auto subscriber = co_await connect_to(server.port());
    auto publisher = co_await connect_to(server.port());
    std::vector<std::string> heard;
    Notify arrived;
    subscriber->on_message([&](std::string_view channel, std::string_view payload) {
      heard.push_back(std::string(channel) + "=" + std::string(payload));
      arrived.notify_one();
    });
    CO_ASSERT_TRUE(subscriber->subscribe("news"));
    // Until the subscription is in place (Redis answers SUBSCRIBE first,
    // then counts subscribers), publish and count who heard it.
    for (int i = 0; i < 100; ++i) {
      auto receivers = co_await publisher->command(words("PUBLISH", "news", "first"));
      CO_ASSERT_TRUE(receivers.ok());
      if (receivers->integer == 1) break;
    }
    while (heard.empty()) co_await arrived.notified();
    CO_ASSERT_TRUE(publisher->send(words("PUBLISH", "news", "second")));
    while (heard.size() < 2) co_await arrived.notified();
    EXPECT_EQ(heard.back(), "news=second");
    CO_ASSERT_TRUE(subscriber->unsubscribe("news"));
  }());
}

TEST_F(RedisConnectionTest, NothingListeningIsAClearError) {
  std::uint16_t port = listen_local().local_addr().port();  // free again once the listener is gone
  auto result = run(executor, redis::Connection::connect("127.0.0.1", port));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(), "connect to Redis at 127.0.0.1:" + std::to_string(port) + ": Connection refused");
}

TEST_F(RedisConnectionTest, AKilledServerEndsTheConnectionAndItsWaitingCommands) {
  RedisServer server;
  run(executor, [&]() -> Task<void> {
    auto redis = co_await connect_to(server.port());
    auto blocked = redis->command(words("BLPOP", "never-filled", "0"));  // waits until the server goes
    auto kill = [&]() -> Task<void> {
      // Once the server has the BLPOP (it answers nothing else on this
      // connection meanwhile, so ask from another).
      for (int tries = 0; tries < 200; ++tries) {
        auto clients = co_await shell("redis-cli -p " + std::to_string(server.port()) + " client list");
        if (clients.output.find("cmd=blpop") != std::string::npos) break;
      }
      server.kill();
      co_await redis->lost();
    };
    auto [reply, none] = co_await join(std::move(blocked), kill());
    CO_ASSERT_TRUE(!reply.ok());
    EXPECT_NE(reply.error().message().find("lost before the reply"), std::string::npos) << reply.error().message();
    EXPECT_FALSE(redis->is_open());
    auto after = co_await redis->command(words("PING"));
    EXPECT_FALSE(after.ok());
  }());
}

// A peer that answers with something that is not RESP: hiredis says so, the
// connection ends with that reason, and nothing crashes.
TEST_F(RedisConnectionTest, APeerThatDoesNotSpeakRespEndsTheConnection) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  run(executor, [&]() -> Task<void> {
    auto impostor = [&]() -> Task<void> {
      auto socket = co_await listener.accept();
      char buf[256];
      (void)co_await socket->read(buf);
      (void)co_await socket->write_all("HTTP/1.1 400 Bad Request\r\n\r\n");
      (void)co_await socket->read(buf);  // until the client goes
    };
    auto client = [&]() -> Task<void> {
      auto redis = co_await connect_to(port);
      auto reply = co_await redis->command(words("PING"));
      EXPECT_FALSE(reply.ok());
      co_await redis->lost();
      EXPECT_NE(redis->lost_reason().find("Protocol error"), std::string::npos) << redis->lost_reason();
    };
    co_await join(impostor(), client());
  }());
}
