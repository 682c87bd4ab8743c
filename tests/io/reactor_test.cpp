// Both reactors (epoll and io_uring) on real descriptors: readiness and its
// wakes, and closing while the kernel still holds requests, by the thousand
// (under ASan in `npm test`: nothing may touch a freed registration).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "io/reactor_epoll.hpp"
#include "io/reactor_uring.hpp"
#include "io/source.hpp"
#include "runtime/executor.hpp"
#include "runtime/join_handle.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"
#include "support/net_fixture.hpp"
#include "support/reactor_fixture.hpp"

using namespace asyncplay;
using namespace asyncplay::io;
using namespace std::chrono_literals;

namespace {

using asyncplay::testing::socket_pair;

Task<Result<std::size_t>> read_some(Source& source, char* buf, std::size_t n) {
  int fd = source.fd();
  co_return co_await source.io(Direction::read, [=] { return ::read(fd, buf, n); }, "read");
}

void write_byte(const Source& source) { ASSERT_EQ(::write(source.fd(), "x", 1), 1); }

// One send through Source's second helper, as TcpStream's write future does
// (with `now`, as its write_now() future does).
class SendOnce {
 public:
  using Output = Result<std::size_t>;
  SendOnce(Source& source, std::span<const char> data, bool now = false)
      : source_(&source), data_(data), now_(now) {}
  SendOnce(SendOnce&& other) noexcept
      : source_(other.source_), data_(other.data_), op_(std::exchange(other.op_, nullptr)), now_(other.now_) {}
  ~SendOnce() { Source::drop_send(op_); }
  Poll<Output> poll(Context& cx) { return source_->poll_send(data_, op_, cx, now_); }

 private:
  Source* source_;
  std::span<const char> data_;
  SendOperation* op_ = nullptr;
  bool now_;
};

// Sends into `source` until its buffers are full.
void fill(Source& source) {
  static const std::vector<char> chunk(64 * 1024, 'f');
  while (::send(source.fd(), chunk.data(), chunk.size(), MSG_DONTWAIT) > 0) {
  }
}

// Reads everything the peer has, and whether any byte was `c`.
bool drain_finds(Source& source, char c) {
  bool found = false;
  char buf[64 * 1024];
  for (ssize_t n; (n = ::recv(source.fd(), buf, sizeof buf, MSG_DONTWAIT)) > 0;) {
    if (std::memchr(buf, c, static_cast<std::size_t>(n))) found = true;
  }
  return found;
}

class ReactorTest : public asyncplay::testing::DriverTest {};

TEST_P(ReactorTest, IsTheExecutorsReactor) {
  EXPECT_EQ(std::string(Reactor::current().name()), GetParam() == "epoll" ? "epoll" : "io_uring");
}

TEST_P(ReactorTest, AReadWaitsForTheWriteAndIsWokenByIt) {
  auto [a, b] = socket_pair();
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    char buf[16];
    auto reader = Executor::current().spawn(read_some(a, buf, sizeof buf));
    co_await sleep(5ms);  // the reader has found nothing and waits
    EXPECT_FALSE(reader.is_finished());
    EXPECT_EQ(::write(b.fd(), "hello", 5), 5);
    auto n = co_await std::move(reader);
    EXPECT_TRUE(n.ok());
    if (n) {
      EXPECT_EQ(std::string(buf, *n), "hello");
    }
  }(a, b));
}

TEST_P(ReactorTest, APeersCloseEndsAWaitingRead) {
  auto [a, b] = socket_pair();
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    char buf[16];
    auto reader = Executor::current().spawn(read_some(a, buf, sizeof buf));
    co_await sleep(2ms);
    b.close();
    auto n = co_await std::move(reader);
    EXPECT_TRUE(n.ok());
    if (n) {
      EXPECT_EQ(*n, 0u) << "end of stream";
    }
  }(a, b));
}

// A thousand reads wait; then, in one turn, every peer writes (so readiness
// is on its way for each), every reader is dropped mid-wait and every socket
// closes. The completions that arrive afterwards name closed registrations:
// the reactor must neither wake nor free anything twice, and go on working.
TEST_P(ReactorTest, DroppingAThousandWaitingReadsAndClosingTheirSocketsIsSafe) {
  constexpr int kPairs = 1000;
  auto pairs = asyncplay::testing::socket_pairs(kPairs);
  executor->block_on([](std::vector<std::pair<Source, Source>>& pairs) -> Task<void> {
    std::vector<char> bufs(pairs.size());
    std::vector<JoinHandle<Result<std::size_t>>> readers;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      readers.push_back(Executor::current().spawn(read_some(pairs[i].first, &bufs[i], 1)));
    }
    co_await sleep(2ms);  // all parked at their read, their readiness requests in the kernel
    for (auto& reader : readers) EXPECT_FALSE(reader.is_finished());
    for (auto& [a, b] : pairs) write_byte(b);
    for (auto& reader : readers) reader.cancel();
    for (auto& [a, b] : pairs) a.close();
    co_await sleep(2ms);  // park: the late completions come in
    for (auto& [a, b] : pairs) b.close();
    co_await sleep(1ms);
  }(pairs));
  // Still a working reactor.
  auto [a, b] = socket_pair();
  write_byte(b);
  char c = 0;
  auto n = executor->block_on(read_some(a, &c, 1));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(c, 'x');
}

// Closing a waiting socket inside the same turn as its readiness arrives,
// over and over, on one executor: the fast path of the same hazard.
TEST_P(ReactorTest, ClosingRightAfterReadinessArrivesIsSafe) {
  executor->block_on([]() -> Task<void> {
    for (int round = 0; round < 500; ++round) {
      auto [a, b] = socket_pair();
      char c;
      auto reader = Executor::current().spawn(read_some(a, &c, 1));
      co_await sleep(0ms);
      write_byte(b);
      reader.cancel();
      a.close();
    }
  }());
}

// A socket closed while its poll's wake is still queued in the kernel (the
// peer has just written) is closed for real: its peer's read ends at once.
// io_uring's poll removal refuses such a poll (EALREADY) and leaves it armed,
// holding the socket open for good; a cancel is what ends it.
TEST_P(ReactorTest, ASocketClosedWhileItsReadinessIsQueuedEndsItsPeersStream) {
  executor->block_on([]() -> Task<void> {
    for (int round = 0; round < 100; ++round) {
      auto [a, b] = socket_pair();
      co_await sleep(1ms);  // park: a's poll is in the kernel
      write_byte(b);        // a's poll now has a wake queued
      a.close();
      // The end of the stream, or a reset (a closed with b's byte unread).
      char c;
      auto n = co_await timeout(2s, read_some(b, &c, 1));
      bool ended = n ? *n == 0 : n.error().is(std::errc::connection_reset);
      EXPECT_TRUE(ended) << "round " << round << ": " << (n ? "a byte came" : n.error().message());
      if (!ended) break;
    }
  }());
}

TEST_P(ReactorTest, ASourceMayCloseAfterItsExecutorIsGone) {
  std::optional<Source> kept;
  {
    auto [a, b] = socket_pair();
    kept = std::move(a);
    executor.reset();
  }
  int fd = kept->fd();
  kept->close();
  EXPECT_EQ(fcntl(fd, F_GETFD), -1) << "the descriptor is closed";
}

// A listener closed while an accept waits on it refuses the next connection
// at once, before the closing task parks (io_uring holds the socket open
// until its poll is removed).
TEST_P(ReactorTest, AClosedListenerRefusesConnectionsAtOnce) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 16), 0);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  auto listener = Source::adopt(fd);
  ASSERT_TRUE(listener.ok());
  int refused = executor->block_on([](Source& listener, sockaddr_in address) -> Task<int> {
    int fd = listener.fd();
    auto accepting = Executor::current().spawn([](Source& listener, int fd) -> Task<void> {
      auto accepted = co_await listener.io(Direction::read, [=] { return ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC); },
                                           "accept");
      if (accepted) ::close(static_cast<int>(*accepted));
    }(listener, fd));
    co_await sleep(2ms);
    accepting.cancel();
    listener.close();
    int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int rc = connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
    int err = rc < 0 ? errno : 0;
    ::close(client);
    co_return err;
  }(*listener, address));
  EXPECT_EQ(refused, ECONNREFUSED);
}

TEST_P(ReactorTest, ASendOnIoUringCompletesAfterThePark) {
  auto [a, b] = socket_pair();
  EXPECT_EQ(a.sends_at_park(), GetParam() == "uring");
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    auto sent = co_await SendOnce(a, std::span<const char>("hello", 5));
    EXPECT_TRUE(sent.ok());
    if (sent) {
      EXPECT_EQ(*sent, 5u);
    }
    char buf[8];
    auto n = co_await read_some(b, buf, sizeof buf);
    EXPECT_TRUE(n.ok() && *n == 5 && std::string(buf, 5) == "hello");
  }(a, b));
}

// A send `now` is done within its own poll on either driver, so its buffer is
// free again at once (the chat server's writers share one); on a full socket
// it is Pending, holds nothing in the kernel, and the room the peer makes
// wakes it.
TEST_P(ReactorTest, ASendNowIsDoneInItsOwnPollOnEitherDriver) {
  auto [a, b] = socket_pair();
  std::string data = "hello";
  {
    SendOnce send(a, data, true);
    Waker none;
    Context cx(none);
    auto sent = send.poll(cx);
    ASSERT_TRUE(sent.is_ready()) << "a send now with room never waits for the park";
    auto n = sent.take();
    ASSERT_TRUE(n.ok()) << n.error().message();
    EXPECT_EQ(*n, 5u);
  }
  data.assign("ZZZZZ");  // before any park: an io_uring request would still read it
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    char buf[8];
    auto n = co_await read_some(b, buf, sizeof buf);
    EXPECT_TRUE(n.ok() && *n == 5 && std::string(buf, 5) == "hello");
    fill(a);
    static const char later[] = "later";
    auto sender = Executor::current().spawn(SendOnce(a, std::span<const char>(later, 5), true));
    co_await sleep(2ms);
    EXPECT_FALSE(sender.is_finished()) << "the socket is full";
    drain_finds(b, 'l');  // the room this makes wakes the sender
    auto sent = co_await timeout(2s, std::move(sender));
    EXPECT_TRUE(sent.ok() && *sent > 0u) << (sent ? "" : sent.error().message());
  }(a, b));
}

// A thousand sends wait in the kernel for room (their sockets are full);
// every future is dropped, and each buffer is then overwritten with 'Z'. No
// 'Z' may ever reach a peer: a drop returns only once the kernel has let go
// of the bytes (under ASan, neither may the reactor touch a freed send).
TEST_P(ReactorTest, DroppingAThousandSendsInTheKernelLeavesTheirBuffersAlone) {
  constexpr int kPairs = 1000;
  auto pairs = asyncplay::testing::socket_pairs(kPairs);
  executor->block_on([](std::vector<std::pair<Source, Source>>& pairs) -> Task<void> {
    std::vector<std::unique_ptr<std::vector<char>>> buffers;
    std::vector<JoinHandle<Result<std::size_t>>> senders;
    for (auto& [a, b] : pairs) {
      fill(a);
      buffers.push_back(std::make_unique<std::vector<char>>(4096, 's'));
      senders.push_back(Executor::current().spawn(SendOnce(a, *buffers.back())));
    }
    co_await sleep(2ms);  // parked: on io_uring every send is in the kernel now
    for (auto& sender : senders) EXPECT_FALSE(sender.is_finished());
    for (auto& sender : senders) sender.cancel();
    for (auto& buffer : buffers) std::memset(buffer->data(), 'Z', buffer->size());
    bool leaked = false;
    for (auto& [a, b] : pairs) leaked |= drain_finds(b, 'Z');
    co_await sleep(2ms);  // room again: a send still alive would go now
    for (auto& [a, b] : pairs) leaked |= drain_finds(b, 'Z');
    EXPECT_FALSE(leaked) << "a dropped send's bytes were read after the drop";
  }(pairs));
}

INSTANTIATE_TEST_SUITE_P(Drivers, ReactorTest, ::testing::Values("epoll", "uring"),
                         [](const auto& info) { return info.param; });

}  // namespace
