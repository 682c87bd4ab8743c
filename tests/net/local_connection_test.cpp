// The in-browser host's connections (net/local_connection.hpp), with a test
// Link that carries each message in a later turn, as a MessagePort does:
// order, half-close, close, the window and credit, and the rules a bad peer
// breaks.
#include "net/local_connection.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <unordered_map>

#include "net/local_listener.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "runtime/sync/notify.hpp"

namespace asyncplay::net::local {
namespace {

// Carries messages between the ends in this process, one per pump step.
struct QueueLink final : Link {
  struct Message {
    int from;
    int kind;  // 0: open
    std::string bytes;
    std::uint32_t amount;
  };
  std::deque<Message> queue;
  std::unordered_map<int, int> peer;  // id -> the other end's id
  Notify more;
  std::vector<Message> to_gone;  // messages for an end that no longer exists

  bool open(int id, std::uint16_t port) override {
    queue.push_back({id, 0, {}, port});
    more.notify_one();
    return true;
  }
  void send(int id, Kind kind, std::string_view bytes, std::uint32_t amount) override {
    queue.push_back({id, static_cast<int>(kind), std::string(bytes), amount});
    more.notify_one();
  }
  void carry(const Message& m) {
    if (m.kind == 0) {
      int server = Listener::connect_from_link(static_cast<std::uint16_t>(m.amount), "test page");
      if (server < 0) return (void)deliver(m.from, static_cast<int>(Kind::refused), {}, 0);
      peer[m.from] = server;
      peer[server] = m.from;
      deliver(m.from, static_cast<int>(Kind::accepted), {}, 0);
      return;
    }
    auto it = peer.find(m.from);
    if (it == peer.end() || deliver(it->second, m.kind, m.bytes, m.amount) == Delivery::unknown_connection) {
      to_gone.push_back(m);
    }
  }
  Task<void> pump() {
    while (true) {
      while (queue.empty()) co_await more.notified();  // woken by open() / send()
      Message m = std::move(queue.front());
      queue.pop_front();
      carry(m);
    }
  }
};

class LocalConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_link(&link);
    pump = executor.spawn(link.pump(), "pump");
  }
  void TearDown() override {
    pump->cancel();
    executor.run_until_idle();
    set_link(nullptr);
  }
  // Connects through the link, as a page's connect does.
  std::unique_ptr<Connection> connect(std::uint16_t port) {
    auto c = std::make_unique<Connection>("local:" + std::to_string(port), Connection::Side::connecting);
    link.open(c->id(), port);
    return c;
  }
  Executor executor;
  QueueLink link;
  std::optional<JoinHandle<void>> pump;
};

struct Open {
  Connection& c;
  using Output = Result<void>;
  Poll<Output> poll(Context& cx) { return c.poll_open(cx); }
};
struct Read {
  Connection& c;
  std::span<char> buffer;
  using Output = Result<std::size_t>;
  Poll<Output> poll(Context& cx) { return c.poll_read(cx, buffer); }
};
struct Write {
  Connection& c;
  std::string_view data;
  using Output = Result<std::size_t>;
  Poll<Output> poll(Context& cx) { return c.poll_write(cx, {data.data(), data.size()}); }
};
struct Accept {
  Listener& l;
  using Output = std::unique_ptr<Connection>;
  Poll<Output> poll(Context& cx) { return l.poll_accept(cx); }
};

Task<Result<void>> write_all(Connection& c, std::string data) {
  for (std::size_t done = 0; done < data.size();) {
    auto n = co_await Write{c, std::string_view(data).substr(done)};
    if (!n) co_return n.error();
    done += *n;
  }
  co_return Result<void>();
}

Task<Result<std::string>> read_to_end(Connection& c) {
  std::string out;
  char buffer[7000];
  while (true) {
    auto n = co_await Read{c, buffer};
    if (!n) co_return n.error();
    if (*n == 0) co_return out;
    out.append(buffer, *n);
  }
}

Task<Result<std::string>> read_exactly(Connection& c, std::size_t size) {
  std::string out;
  char buffer[5000];
  while (out.size() < size) {
    auto n = co_await Read{c, {buffer, std::min(sizeof buffer, size - out.size())}};
    if (!n) co_return n.error();
    if (*n == 0) co_return Error(std::errc::connection_reset, "ended early");
    out.append(buffer, *n);
  }
  co_return out;
}

std::string pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  return s;
}

TEST_F(LocalConnectionTest, NothingListeningIsRefused) {
  auto c = connect(7878);
  auto opened = executor.block_on(Open{*c});
  ASSERT_FALSE(opened);
  EXPECT_TRUE(opened.error().is(std::errc::connection_refused));
  EXPECT_NE(opened.error().message().find("nothing listens on that port"), std::string::npos)
      << opened.error().message();
}

TEST_F(LocalConnectionTest, BytesArriveInOrderAndHalfCloseLetsTheServerAnswer) {
  auto listener = std::move(*Listener::bind(9000));
  auto client = connect(9000);
  std::string request = pattern(3 << 20);  // twelve windows
  auto server = [](Listener& l) -> Task<Result<std::string>> {
    auto conn = co_await Accept{l};
    auto got = co_await read_to_end(*conn);  // until the client's shutdown(write)
    if (!got) co_return got.error();
    auto wrote = co_await write_all(*conn, "got " + std::to_string(got->size()) + " bytes");
    if (!wrote) co_return wrote.error();
    co_return *got;
  }(*listener);
  auto client_side = [](Connection& c, std::string data) -> Task<Result<std::string>> {
    auto opened = co_await Open{c};
    if (!opened) co_return opened.error();
    auto wrote = co_await write_all(c, std::move(data));
    if (!wrote) co_return wrote.error();
    if (auto shut = c.shutdown(Shutdown::write); !shut) co_return shut.error();
    co_return co_await read_to_end(c);  // the server's answer, then its close
  }(*client, request);
  auto [got, answer] = executor.block_on(join(std::move(server), std::move(client_side)));
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_TRUE(*got == request);
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(*answer, "got " + std::to_string(request.size()) + " bytes");
}

TEST_F(LocalConnectionTest, AReaderThatStopsHoldsTheWriterAtOneWindow) {
  auto listener = std::move(*Listener::bind(9001));
  auto client = connect(9001);
  ASSERT_TRUE(executor.block_on(Open{*client}));
  auto conn = executor.block_on(Accept{*listener});
  auto writing = executor.spawn(write_all(*conn, pattern(1 << 20)), "writer");
  executor.run_until_idle();
  EXPECT_FALSE(writing.is_finished());         // Pending: no credit
  EXPECT_EQ(client->queued_bytes(), kWindow);  // not a byte more than the window
  auto got = executor.block_on(read_exactly(*client, 1 << 20));
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_TRUE(*got == pattern(1 << 20));
  executor.run_until_idle();
  ASSERT_TRUE(writing.is_finished());
  EXPECT_TRUE(executor.block_on(std::move(writing)));
  EXPECT_LE(client->queued_bytes(), 0u);
}

TEST_F(LocalConnectionTest, ClosingEndsTheOtherEndsReadsAfterWhatWasSentAndFailsItsWrites) {
  auto listener = std::move(*Listener::bind(9002));
  auto client = connect(9002);
  ASSERT_TRUE(executor.block_on(Open{*client}));
  auto conn = executor.block_on(Accept{*listener});
  ASSERT_TRUE(executor.block_on(write_all(*conn, "last words")));
  conn.reset();  // the server drops its socket
  auto got = executor.block_on(read_to_end(*client));
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(*got, "last words");
  auto wrote = executor.block_on(Write{*client, "anyone?"});
  ASSERT_FALSE(wrote);
  EXPECT_TRUE(wrote.error().is(std::errc::broken_pipe));
}

// Bytes a reader shut down for (shutdown(read)) are thrown away and
// credited, so the writer is never left a window short.
TEST_F(LocalConnectionTest, ShutdownReadCreditsWhatItThrowsAway) {
  auto listener = std::move(*Listener::bind(9007));
  auto client = connect(9007);
  ASSERT_TRUE(executor.block_on(Open{*client}));
  auto conn = executor.block_on(Accept{*listener});
  auto writing = executor.spawn(write_all(*client, pattern(100 * 1024)), "writer");
  executor.run_until_idle();
  EXPECT_EQ(conn->queued_bytes(), 100u * 1024);
  ASSERT_TRUE(conn->shutdown(Shutdown::read));
  EXPECT_EQ(conn->queued_bytes(), 0u);
  ASSERT_TRUE(executor.block_on(std::move(writing)));
  // Four more windows' worth: none of it is kept, all of it is credited.
  ASSERT_TRUE(executor.block_on(write_all(*client, pattern(4 * kWindow))));
  EXPECT_EQ(conn->queued_bytes(), 0u);
  char buffer[16];
  auto n = executor.block_on(Read{*conn, buffer});
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
}

TEST_F(LocalConnectionTest, AnAbortIsAnErrorForBothDirectionsWithItsReason) {
  auto listener = std::move(*Listener::bind(9003));
  auto client = connect(9003);
  ASSERT_TRUE(executor.block_on(Open{*client}));
  auto conn = executor.block_on(Accept{*listener});
  auto reading = executor.spawn(read_to_end(*conn), "reader");
  executor.run_until_idle();
  conn->abort("the page went away");
  auto got = executor.block_on(std::move(reading));
  ASSERT_FALSE(got);
  EXPECT_TRUE(got.error().is(std::errc::connection_reset));
  EXPECT_NE(got.error().message().find("the page went away"), std::string::npos) << got.error().message();
  EXPECT_FALSE(executor.block_on(Write{*conn, "x"}));
}

// A peer that sends more than its window, credit it was not owed, bytes
// after its eof or a kind nobody knows: that connection ends, with the rule
// it broke named to both ends; another connection goes on.
TEST_F(LocalConnectionTest, APeerThatBreaksTheRulesEndsItsOwnConnectionOnly) {
  auto listener = std::move(*Listener::bind(9004));
  std::vector<std::unique_ptr<Connection>> clients, servers;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(connect(9004));
    ASSERT_TRUE(executor.block_on(Open{*clients.back()}));
    servers.push_back(executor.block_on(Accept{*listener}));
  }
  std::string chunk(kMaxMessage, 'x');
  const int data = static_cast<int>(Kind::data);
  for (std::size_t sent = 0; sent + chunk.size() <= kWindow; sent += chunk.size()) {
    EXPECT_EQ(deliver(servers[0]->id(), data, chunk, 0), Delivery::delivered);
  }
  EXPECT_EQ(deliver(servers[0]->id(), data, "one too many", 0), Delivery::broke_rules);
  EXPECT_EQ(deliver(servers[1]->id(), static_cast<int>(Kind::credit), {}, 1), Delivery::broke_rules);
  EXPECT_EQ(deliver(servers[2]->id(), static_cast<int>(Kind::eof), {}, 0), Delivery::delivered);
  EXPECT_EQ(deliver(servers[2]->id(), data, "after eof", 0), Delivery::broke_rules);
  EXPECT_EQ(deliver(servers[3]->id(), 99, "?", 0), Delivery::bad_kind);
  EXPECT_EQ(deliver(12345678, data, "nobody", 0), Delivery::unknown_connection);
  for (int i = 0; i < 4; ++i) {
    auto read = executor.block_on(read_to_end(*servers[i]));
    ASSERT_FALSE(read) << i;
    EXPECT_NE(read.error().message().find("broke the in-browser protocol"), std::string::npos)
        << read.error().message();
    auto told = executor.block_on(read_to_end(*clients[i]));
    ASSERT_FALSE(told) << i;
    EXPECT_NE(told.error().message().find("you broke the in-browser protocol"), std::string::npos)
        << told.error().message();
  }
  // The fifth goes on.
  ASSERT_TRUE(executor.block_on(write_all(*clients[4], "still here")));
  char buffer[64];
  auto n = executor.block_on(Read{*servers[4], buffer});
  ASSERT_TRUE(n);
  EXPECT_EQ(std::string_view(buffer, *n), "still here");
}

TEST_F(LocalConnectionTest, APortTakesOneListenerAndABoundedBacklog) {
  auto listener = std::move(*Listener::bind(9005));
  auto second = Listener::bind(9005);
  ASSERT_FALSE(second);
  EXPECT_TRUE(second.error().is(std::errc::address_in_use));
  EXPECT_FALSE(Listener::bind(0));
  std::vector<int> ids;
  for (std::size_t i = 0; i < kBacklog; ++i) ids.push_back(Listener::connect_from_link(9005, "page"));
  for (int id : ids) EXPECT_GT(id, 0);
  EXPECT_EQ(Listener::connect_from_link(9005, "page"), -1);  // full: refused, as a full accept queue is
  EXPECT_EQ(Listener::connect_from_link(9006, "page"), -1);  // nothing there
  listener.reset();                                          // those never accepted are closed
  for (int id : ids) EXPECT_EQ(Connection::find(id), nullptr);
  EXPECT_TRUE(Listener::bind(9005));  // free again
}

}  // namespace
}  // namespace asyncplay::net::local
