// TcpStream and TcpListener over real loopback sockets.
#include "net/tcp_stream.hpp"

#include <gtest/gtest.h>

#include "runtime/join.hpp"
#include "runtime/task.hpp"
#include "support/net_fixture.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
using asyncplay::net::Shutdown;
using asyncplay::net::TcpListener;
using asyncplay::net::TcpStream;

namespace {

// Accepts one connection and echoes it until the peer shuts down its write half.
Task<Result<std::size_t>> echo_once(TcpListener& listener) {
  auto socket = co_await listener.accept();
  if (!socket) co_return socket.error();
  char buf[4096];
  std::size_t total = 0;
  while (true) {
    auto n = co_await socket->read(buf);
    if (!n) co_return n.error();
    if (*n == 0) break;
    if (auto w = co_await socket->write_all({buf, *n}); !w) co_return w.error();
    total += *n;
  }
  co_return total;
}

class TcpStreamTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(executor.live_tasks(), 0u); }
  Executor executor;
};

}  // namespace

TEST_F(TcpStreamTest, EchoesBytesAndSeesTheEndOfStreamAfterShutdown) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto client = [](std::uint16_t p) -> Task<std::string> {
    auto socket = co_await TcpStream::connect("127.0.0.1", p);
    socket.value();
    (void)co_await socket->write_all("hello, ");
    (void)co_await socket->write_all("world");
    socket->shutdown(Shutdown::write).value();
    std::string back;
    (co_await socket->read_to_string(back)).value();
    co_return back;
  };
  auto [served, back] = run(executor, join(echo_once(listener), client(port)));
  EXPECT_EQ(back, "hello, world");
  EXPECT_EQ(*served, 12u);
}

TEST_F(TcpStreamTest, ManyMegabytesArriveWholeThroughSmallReads) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  std::string payload(8 << 20, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 31 + 7);
  auto client = [](std::uint16_t p, const std::string& data) -> Task<bool> {
    auto socket = (co_await TcpStream::connect("127.0.0.1", p)).value();
    auto writer = [](TcpStream& s, const std::string& d) -> Task<void> {
      (co_await s.write_all(d)).value();  // waits on EAGAIN while the echo catches up
      s.shutdown(Shutdown::write).value();
    };
    std::string back;
    auto [w, r] = co_await join(writer(socket, data), socket.read_to_string(back));
    co_return r.ok() && back == data;
  };
  auto [served, same] = run(executor, join(echo_once(listener), client(port, payload)));
  EXPECT_TRUE(same);
}

TEST_F(TcpStreamTest, ARefusedConnectionSaysWhereAndWhy) {
  std::uint16_t closed_port;
  {
    auto listener = listen_local();
    closed_port = listener.local_addr().port();
  }
  auto result = run(executor, TcpStream::connect("127.0.0.1", closed_port));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().is(std::errc::connection_refused));
  EXPECT_EQ(result.error().context(), "connect 127.0.0.1:" + std::to_string(closed_port));
}

TEST_F(TcpStreamTest, AnUnknownHostIsALookupError) {
  auto result = run(executor, TcpStream::connect("no-such-host.invalid", 80));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find("no-such-host.invalid"), std::string::npos) << result.error().message();
}

TEST_F(TcpStreamTest, DroppingAPendingReadLeavesTheStreamUsable) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto body = [](TcpListener& l, std::uint16_t p) -> Task<std::string> {
    auto client = (co_await TcpStream::connect("127.0.0.1", p)).value();
    auto server = (co_await l.accept()).value();
    char buf[16];
    auto nothing = co_await timeout(20ms, client.read(buf));  // Pending, then dropped
    EXPECT_TRUE(nothing.error().is(std::errc::timed_out));
    (co_await server.write_all("late")).value();
    auto n = (co_await client.read(buf)).value();
    co_return std::string(buf, n);
  };
  EXPECT_EQ(run(executor, body(listener, port)), "late");
}

TEST_F(TcpStreamTest, OneThreadServesManyConnectionsAtOnce) {
  allow_descriptors(4096);
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  constexpr int kClients = 500;
  auto server = [](TcpListener& l) -> Task<void> {
    std::vector<JoinHandle<Result<std::size_t>>> echoes;
    for (int i = 0; i < kClients; ++i) {
      auto socket = (co_await l.accept()).value();
      echoes.push_back(spawn([](TcpStream s) -> Task<Result<std::size_t>> {
        std::string all;
        auto n = co_await s.read_to_string(all);
        if (!n) co_return n.error();
        (co_await s.write_all(all)).value();
        co_return all.size();
      }(std::move(socket))));
    }
    for (auto& e : echoes) (co_await e).value();
  };
  auto client = [](std::uint16_t p, int id) -> Task<bool> {
    auto s = (co_await TcpStream::connect("127.0.0.1", p)).value();
    std::string msg = "client " + std::to_string(id);
    (co_await s.write_all(msg)).value();
    s.shutdown(Shutdown::write).value();
    std::string back;
    (co_await s.read_to_string(back)).value();
    co_return back == msg;
  };
  auto clients = [&]() -> Task<int> {
    std::vector<JoinHandle<bool>> all;
    for (int i = 0; i < kClients; ++i) all.push_back(spawn(client(port, i)));
    int ok = 0;
    for (auto& c : all) ok += co_await c;
    co_return ok;
  };
  auto [s, ok] = run(executor, join(server(listener), clients()));
  EXPECT_EQ(ok, kClients);
}

namespace {
#ifdef NDEBUG
constexpr bool kDebugBuild = false;
#else
constexpr bool kDebugBuild = true;
#endif
}  // namespace

// A stream has one waker per direction: two write_alls at once would
// interleave bytes and lose a waker. Debug builds (the ASan run) stop there.
TEST_F(TcpStreamTest, TwoWritersAtOnceStopADebugBuild) {
  if (!kDebugBuild) GTEST_SKIP() << "the one-writer check is compiled into debug builds only";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        Executor own;
        auto listener = listen_local();
        auto port = listener.local_addr().port();
        own.block_on([](TcpListener& l, std::uint16_t p) -> Task<void> {
          auto client = (co_await TcpStream::connect("127.0.0.1", p)).value();
          auto server = (co_await l.accept()).value();  // accepted and never read: the client's writes fill up
          std::string big(64 << 20, 'x');
          auto first = client.write_all(big);
          auto second = client.write_all("and me");
          Waker none;
          Context cx(none);
          (void)first.poll(cx);   // Pending: the socket's buffers are full
          (void)second.poll(cx);  // a second writer
        }(listener, port));
      },
      "two writers on one TcpStream");
}
