// Several chat servers over one Redis (Debian's redis-server, the test's
// own): one chat, whichever server a client is on; and what happens when
// Redis goes away (killed, dropping a slow subscriber, an impostor on its
// port) and comes back.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "chat/protocol.hpp"
#include "chat/redis_bus.hpp"
#include "chat/server.hpp"
#include "runtime/join.hpp"
#include "runtime/task_set.hpp"
#include "runtime/yield_now.hpp"
#include "support/chat_lines.hpp"
#include "support/log_file.hpp"
#include "support/net_fixture.hpp"
#include "support/redis_server.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::chat;
using namespace asyncplay::testing;

namespace {

const std::string kLost = "Lost the connection to Redis: posts from other servers may have been lost";

// One chat server with its bus, on the test's executor.
struct ChatServer {
  std::uint16_t port = 0;
  std::unique_ptr<RedisBus> bus;
  std::optional<JoinHandle<void>> serving, watching;
  void stop() {
    if (serving) serving->cancel();
    if (watching) watching->cancel();
    bus.reset();
  }
};

class RedisChatTest : public ::testing::Test {
 protected:
  void SetUp() override { log = std::tmpfile(); }
  void TearDown() override {
    for (auto& server : servers) server->stop();
    EXPECT_EQ(executor.live_tasks(), 0u);
    std::fclose(log);
  }

  ChatServer& start_server() {
    auto& server = *servers.emplace_back(std::make_unique<ChatServer>());
    auto address = RedisAddress::parse(redis.url() + "/test");
    auto connected = run(executor, RedisBus::connect(*address, log));
    if (!connected) throw Failure(connected.error());
    server.bus = std::move(*connected);
    auto listener = listen_local();
    server.port = listener.local_addr().port();
    ServerOptions options;
    options.log = nullptr;
    options.bus = server.bus.get();
    server.serving = executor.spawn(serve_chat(std::move(listener), options), "chat server");
    server.watching = executor.spawn(server.bus->run(), "redis bus");
    return server;
  }

  // Until Redis counts `n` servers subscribed to group `g` (bounded: 200 asks).
  Task<void> subscribed(const std::string& g, int n) {
    std::string want = "test:group:" + g + "\n" + std::to_string(n) + "\n";
    for (int tries = 0; tries < 200; ++tries) {
      auto said = co_await shell("redis-cli -p " + std::to_string(redis.port()) + " pubsub numsub test:group:" + g);
      if (said.output == want) co_return;
    }
    ADD_FAILURE() << "Redis never counted " << n << " subscribers of " << g;
  }

  std::string logged() { return read_log(log); }

  RedisServer redis;
  std::FILE* log = nullptr;
  Executor executor;
  std::vector<std::unique_ptr<ChatServer>> servers;
};

// Requests on one connection are handled in order: once the reply to a post to
// a missing group arrives, everything sent before it has been handled.
Task<void> sync(LineClient& c) {
  co_await c.send(post_line("no-such-group", "sync"));
  EXPECT_EQ(co_await c.recv(), error_json("Group 'no-such-group' does not exist"));
}

}  // namespace

TEST_F(RedisChatTest, ThreeServersOverOneRedisAreOneChatAndEachPostersOrderHolds) {
  auto& one = start_server();
  auto& two = start_server();
  auto& three = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    auto c = co_await LineClient::connect(three.port);
    for (auto* client : {a.get(), b.get(), c.get()}) co_await client->send(join_line("rust"));
    co_await subscribed("rust", 3);
    constexpr int kEach = 20;
    for (int i = 0; i < kEach; ++i) {
      co_await a->send(post_line("rust", "a" + std::to_string(i)));
      co_await b->send(post_line("rust", "b" + std::to_string(i)));
    }
    for (auto* client : {a.get(), b.get(), c.get()}) {
      int next_a = 0, next_b = 0;
      for (int i = 0; i < 2 * kEach; ++i) {
        std::string line = co_await client->recv();
        if (line == message_json("rust", "a" + std::to_string(next_a))) ++next_a;
        else if (line == message_json("rust", "b" + std::to_string(next_b))) ++next_b;
        else ADD_FAILURE() << "out of order or unexpected: " << line;
      }
      EXPECT_EQ(next_a, kEach);
      EXPECT_EQ(next_b, kEach);
    }
  }());
}

TEST_F(RedisChatTest, APostToAGroupJoinedOnlyOnAnotherServerReachesItsMembers) {
  auto& one = start_server();
  auto& two = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    co_await a->send(join_line("rust"));
    co_await subscribed("rust", 1);  // the join is in Redis (its SADD went first)
    co_await b->send(post_line("rust", "from a server nobody joined rust on"));
    EXPECT_EQ(co_await a->recv(), message_json("rust", "from a server nobody joined rust on"));
    co_await b->send(post_line("nowhere", "hello?"));
    EXPECT_EQ(co_await b->recv(), error_json("Group 'nowhere' does not exist"));
    co_await sync(*b);  // and b, not a member, got nothing else
  }());
}

TEST_F(RedisChatTest, AServerWhoseLastMemberLeftStopsListening) {
  auto& one = start_server();
  auto& two = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    co_await a->send(join_line("rust"));
    co_await b->send(join_line("rust"));
    co_await subscribed("rust", 2);
    b.reset();  // disconnects
    co_await subscribed("rust", 1);
    auto c = co_await LineClient::connect(two.port);
    co_await c->send(post_line("rust", "still a group"));  // joined here once: no question asked
    EXPECT_EQ(co_await a->recv(), message_json("rust", "still a group"));
  }());
}

TEST_F(RedisChatTest, RedisKilledAndRestartedMidChat) {
  auto& one = start_server();
  auto& two = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto a2 = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    for (auto* client : {a.get(), a2.get(), b.get()}) co_await client->send(join_line("rust"));
    co_await subscribed("rust", 2);
    redis.kill();
    // Each member hears once that posts may have been lost.
    for (auto* client : {a.get(), a2.get(), b.get()}) EXPECT_EQ(co_await client->recv(), error_json(kLost));
    // Local delivery goes on meanwhile.
    co_await a->send(post_line("rust", "while Redis is away"));
    EXPECT_EQ(co_await a->recv(), message_json("rust", "while Redis is away"));
    EXPECT_EQ(co_await a2->recv(), message_json("rust", "while Redis is away"));
    redis.start();  // the same port
    co_await subscribed("rust", 2);  // both servers subscribed again
    co_await b->send(post_line("rust", "after Redis came back"));
    EXPECT_EQ(co_await a->recv(), message_json("rust", "after Redis came back"));
    EXPECT_EQ(co_await b->recv(), message_json("rust", "after Redis came back"));
    co_await sync(*b);  // told once, not again
  }());
  EXPECT_EQ(one.bus->reconnections(), 1u);
  std::string lines = logged();
  EXPECT_NE(lines.find("lost ("), std::string::npos) << lines;
  EXPECT_NE(lines.find("is back"), std::string::npos) << lines;
}

// Redis drops a subscriber whose output buffer passes its pubsub limit (here
// 256 KiB): this server stops reading while 16 MiB are published.
TEST_F(RedisChatTest, ASubscriberRedisDropsForItsBacklogReconnects) {
  auto& one = start_server();
  ASSERT_EQ(redis.cli("config set client-output-buffer-limit 'pubsub 256kb 128kb 60'"), "OK\n");
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    co_await a->send(join_line("rust"));
    co_await subscribed("rust", 1);
    // Blocks this thread, and so the server, until Redis has published it all.
    std::string flood = redis.cli(
        "eval \"for i = 1, 16384 do redis.call('publish', KEYS[1], ARGV[1]) end\" 1 test:group:rust " +
        std::string(1024, 'x'));
    EXPECT_EQ(flood, "\n") << flood;  // (nil)
    EXPECT_EQ(co_await a->recv(), error_json(kLost));
    co_await subscribed("rust", 1);  // subscribed again
  }());
  EXPECT_EQ(one.bus->reconnections(), 1u);
}

// Something that is not Redis answers on Redis's port for a while: each
// attempt fails with hiredis's protocol error, logged, and no crash; once
// Redis is back, so is the chat.
TEST_F(RedisChatTest, AnImpostorOnRedisPortIsLoggedAndOutlasted) {
  auto& one = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    co_await a->send(join_line("rust"));
    co_await subscribed("rust", 1);
    redis.kill();
    EXPECT_EQ(co_await a->recv(), error_json(kLost));
    auto listener = net::TcpListener::bind(*net::SocketAddress::from_numeric("127.0.0.1", redis.port()));
    CO_ASSERT_TRUE(listener.ok());
    int answered = 0;
    while (answered < 2) {  // two attempts get garbage
      auto socket = co_await listener->accept();
      CO_ASSERT_TRUE(socket.ok());
      char buf[512];
      auto n = co_await socket->read(buf);
      if (n && *n > 0) {
        (void)co_await socket->write_all("this is not RESP\r\n");
        ++answered;
      }
    }
    listener = Error(std::errc::not_connected, "closed");  // the port is Redis's again
    redis.start();
    co_await subscribed("rust", 1);
    co_await a->send(post_line("rust", "back"));
    EXPECT_EQ(co_await a->recv(), message_json("rust", "back"));
  }());
  std::string lines = logged();
  EXPECT_NE(lines.find("Protocol error"), std::string::npos) << lines;
}

// Other servers' posts come in batches ("ID LEN:POST LEN:POST..."). Whatever
// else is published on a group's channel is ignored from where it stops
// making sense, and the server carries on.
TEST_F(RedisChatTest, WhatIsNotABatchOfPostsIsIgnored) {
  auto& one = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    co_await a->send(join_line("rust"));
    co_await subscribed("rust", 1);
    std::string from_another = "ffffffffffffffff ";
    for (std::string payload : {std::string("too short"), from_another + "5:hello3:abc", from_another + "3:xyz99:cut short",
                                from_another + "x:no length", from_another + "4:last"}) {
      auto said = co_await shell("redis-cli -p " + std::to_string(redis.port()) + " publish test:group:rust '" +
                                 payload + "'");
      EXPECT_EQ(said.output, "1\n") << payload;
    }
    for (std::string expected : {"hello", "abc", "xyz", "last"}) {
      EXPECT_EQ(co_await a->recv(), message_json("rust", expected));
    }
    co_await sync(*a);  // nothing else came
  }());
}

// A hundred posts that arrive together go to Redis as a few PUBLISHes, not a
// hundred, and arrive in order.
TEST_F(RedisChatTest, PostsThatArriveTogetherAreFewPublishes) {
  auto& one = start_server();
  auto& two = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    co_await a->send(join_line("rust"));
    co_await b->send(join_line("rust"));
    co_await subscribed("rust", 2);
    (void)co_await shell("redis-cli -p " + std::to_string(redis.port()) + " config resetstat");
    std::string burst;
    for (int i = 0; i < 100; ++i) burst += post_line("rust", "post " + std::to_string(i));
    co_await a->send(burst);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(co_await b->recv(), message_json("rust", "post " + std::to_string(i)));
    auto stats = co_await shell("redis-cli -p " + std::to_string(redis.port()) + " info commandstats");
    auto at = stats.output.find("cmdstat_publish:calls=");
    CO_ASSERT_TRUE(at != std::string::npos);
    int calls = std::atoi(stats.output.c_str() + at + 22);
    EXPECT_GE(calls, 1);
    EXPECT_LE(calls, 10) << stats.output;
  }());
}

// Redis killed while posts stream to it (commands still unread in its
// socket): the server stays up, every post still reaches its own members,
// and they are told once that others may have missed some. (hiredis writes
// with write(), so a write after Redis's reset would raise SIGPIPE: the
// connection ignores it for the process; this run may or may not hit that
// moment.)
TEST_F(RedisChatTest, RedisKilledDuringABurstOfPostsLeavesTheServerStanding) {
  auto& one = start_server();
  auto& two = start_server();
  run(executor, [&]() -> Task<void> {
    auto a = co_await LineClient::connect(one.port);
    auto b = co_await LineClient::connect(two.port);
    co_await a->send(join_line("rust"));
    co_await b->send(join_line("rust"));
    co_await subscribed("rust", 2);
    constexpr int kPosts = 4000, kChunk = 200;
    auto poster = [&]() -> Task<void> {
      for (int at = 0; at < kPosts; at += kChunk) {
        std::string chunk;
        for (int i = at; i < at + kChunk; ++i) chunk += post_line("rust", "post " + std::to_string(i));
        co_await a->send(chunk);
        if (at == kChunk) redis.kill();  // with unread commands in its socket: a reset
        co_await yield_now();
      }
    };
    auto reader = [&]() -> Task<int> {
      int posts = 0, lost = 0;
      while (posts < kPosts) {
        std::string line = co_await a->recv();
        if (line == error_json(kLost)) ++lost;
        else if (line == message_json("rust", "post " + std::to_string(posts))) ++posts;
        else break;
      }
      EXPECT_EQ(lost, 1);
      co_return posts;
    };
    auto [none, posts] = co_await join(poster(), reader());
    EXPECT_EQ(posts, kPosts);
  }());
}
