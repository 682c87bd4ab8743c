// Source::poll_receive on both reactors: on epoll a recv on readiness; on
// io_uring a receive request the kernel fills from the reactor's ring of
// buffers. What is checked on both: bytes arrive whole and in order whatever
// the reader's buffer, a dropped read loses nothing, more readers with bytes
// than the ring has buffers still get theirs, and closing with receives in
// the kernel (by the thousand, under ASan in `npm test`) touches nothing freed
// and gives every buffer back.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/reactor_uring.hpp"
#include "io/receive_buffers.hpp"
#include "io/source.hpp"
#include "runtime/executor.hpp"
#include "runtime/join_handle.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"
#include "support/net_fixture.hpp"
#include "support/reactor_fixture.hpp"

using namespace asyncplay;
using namespace asyncplay::io;
using namespace std::chrono_literals;
using asyncplay::testing::socket_pair;

namespace {

// One read through Source's receive helper, as TcpStream's read future does.
class ReceiveOnce {
 public:
  using Output = Result<std::size_t>;
  ReceiveOnce(Source& source, std::span<char> buffer) : source_(&source), buffer_(buffer) {}
  Poll<Output> poll(Context& cx) { return source_->poll_receive(buffer_, cx); }

 private:
  Source* source_;
  std::span<char> buffer_;
};

// Reads until `want` bytes came (or the stream ended), `piece` at a time.
Task<std::string> receive_exactly(Source& source, std::size_t want, std::size_t piece) {
  std::string got;
  std::vector<char> buffer(piece);
  while (got.size() < want) {
    auto n = co_await ReceiveOnce(source, {buffer.data(), std::min(piece, want - got.size())});
    if (!n || *n == 0) break;
    got.append(buffer.data(), *n);
  }
  co_return got;
}

std::string pattern(std::size_t size, int seed) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + static_cast<std::size_t>(seed)) % 26);
  return s;
}

void send_all(const Source& to, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(to.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    ASSERT_GT(n, 0) << std::strerror(errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::size_t buffers_held(Executor& executor) {
  auto* uring = dynamic_cast<UringReactor*>(&executor.driver());
  return uring ? uring->receive_buffers_held() : 0;
}

class ReceiveTest : public asyncplay::testing::DriverTest {};

// 40 KB, written in pieces while the reader waits (so on io_uring most of it
// comes through receives in the kernel, each at most one ring buffer), read
// 700 bytes at a time: bigger than some arrivals, smaller than a buffer.
TEST_P(ReceiveTest, BytesArriveWholeAndInOrderWhateverTheReadersBuffer) {
  auto [a, b] = socket_pair();
  const std::string sent = pattern(40'000, 3);
  std::string got = executor->block_on([](Source& a, Source& b, const std::string& sent) -> Task<std::string> {
    auto reader = Executor::current().spawn(receive_exactly(a, sent.size(), 700));
    for (std::size_t at = 0; at < sent.size(); at += 3'000) {
      co_await sleep(1ms);  // park: the reader's receive waits in the kernel
      send_all(b, std::string_view(sent).substr(at, 3'000));
    }
    co_return co_await std::move(reader);
  }(a, b, sent));
  EXPECT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent) << "the bytes differ";
  EXPECT_EQ(buffers_held(*executor), 0u);
}

// A read dropped while its receive is in the kernel leaves the receive with
// the source: the bytes it brings are the next read's, two hundred times.
TEST_P(ReceiveTest, ADroppedReadLosesNothing) {
  auto [a, b] = socket_pair();
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    for (int round = 0; round < 200; ++round) {
      char first[16];
      auto dropped = Executor::current().spawn(ReceiveOnce(a, first));
      co_await sleep(0ms);  // park: its receive is in the kernel
      EXPECT_FALSE(dropped.is_finished());
      dropped.cancel();
      std::string line = "line " + std::to_string(round) + "\n";
      send_all(b, line);
      if (round % 2) co_await sleep(0ms);  // half the time the completion is in before the next read
      std::string got = co_await receive_exactly(a, line.size(), 64);
      EXPECT_EQ(got, line);
      if (got != line) break;
    }
  }(a, b));
  EXPECT_EQ(buffers_held(*executor), 0u);
}

// 400 readers, more than the ring's buffers, all with bytes in one turn:
// those the ring cannot serve wait for readiness instead, and every reader
// gets exactly its own bytes.
TEST_P(ReceiveTest, MoreReadersWithBytesThanBuffersGetAllTheirBytes) {
  constexpr int kPairs = 400;
  static_assert(kPairs > static_cast<int>(ReceiveBuffers::kCount));
  auto pairs = asyncplay::testing::socket_pairs(kPairs);
  int wrong = executor->block_on([](std::vector<std::pair<Source, Source>>& pairs) -> Task<int> {
    std::vector<JoinHandle<std::string>> readers;
    for (auto& [a, b] : pairs) readers.push_back(Executor::current().spawn(receive_exactly(a, 64, 64)));
    co_await sleep(1ms);  // park: every receive is in the kernel
    for (std::size_t i = 0; i < pairs.size(); ++i) send_all(pairs[i].second, pattern(64, static_cast<int>(i)));
    int wrong = 0;
    for (std::size_t i = 0; i < readers.size(); ++i) {
      if (co_await std::move(readers[i]) != pattern(64, static_cast<int>(i))) ++wrong;
    }
    co_return wrong;
  }(pairs));
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(buffers_held(*executor), 0u);
}

TEST_P(ReceiveTest, TheEndOfTheStreamComesAfterTheLastBytesAndStays) {
  auto [a, b] = socket_pair();
  executor->block_on([](Source& a, Source& b) -> Task<void> {
    char buf[16];
    auto reader = Executor::current().spawn(ReceiveOnce(a, buf));
    co_await sleep(0ms);
    send_all(b, "abc");
    b.close();
    auto n = co_await std::move(reader);
    EXPECT_TRUE(n.ok() && *n == 3 && std::string(buf, 3) == "abc");
    for (int i = 0; i < 3; ++i) {
      auto end = co_await ReceiveOnce(a, buf);
      EXPECT_TRUE(end.ok() && *end == 0) << "end of stream, read " << i;
    }
  }(a, b));
}

// A thousand sockets close with their receives in the kernel, half of them
// with bytes that have arrived and no reader left: no completion may touch a
// freed registration, and every buffer comes back to the ring.
TEST_P(ReceiveTest, ClosingWithReceivesInTheKernelGivesEveryBufferBack) {
  constexpr int kPairs = 1000;
  auto pairs = asyncplay::testing::socket_pairs(kPairs);
  executor->block_on([](std::vector<std::pair<Source, Source>>& pairs) -> Task<void> {
    std::vector<char> bufs(pairs.size() * 8);
    std::vector<JoinHandle<Result<std::size_t>>> readers;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      readers.push_back(Executor::current().spawn(ReceiveOnce(pairs[i].first, {&bufs[i * 8], 8})));
    }
    co_await sleep(1ms);  // park: every receive is in the kernel
    for (auto& reader : readers) reader.cancel();
    for (std::size_t i = 0; i < pairs.size(); i += 2) send_all(pairs[i].second, "unread bytes");
    co_await sleep(1ms);  // their completions come in: buffers held for readers gone
    EXPECT_LE(buffers_held(Executor::current()), ReceiveBuffers::kCount);
    for (auto& [a, b] : pairs) a.close();  // half with bytes held, half with receives in the kernel
    co_await sleep(1ms);  // the cancels' completions come in
    for (auto& [a, b] : pairs) b.close();
  }(pairs));
  EXPECT_EQ(buffers_held(*executor), 0u);
  // Still a working reactor.
  auto [a, b] = socket_pair();
  send_all(b, "x");
  std::string got = executor->block_on(receive_exactly(a, 1, 8));
  EXPECT_EQ(got, "x");
}

// Bytes still held for a reader when the executor (and its reactor, whose
// buffer holds them) goes: the source closes cleanly afterwards.
TEST_P(ReceiveTest, ASourceHoldingReceivedBytesMayCloseAfterItsExecutorIsGone) {
  std::optional<Source> kept;
  {
    auto [a, b] = socket_pair();
    executor->block_on([](Source& a, Source& b) -> Task<void> {
      char one;
      auto reader = Executor::current().spawn(ReceiveOnce(a, {&one, 1}));
      co_await sleep(0ms);  // park: its receive is in the kernel
      send_all(b, "abc");
      auto n = co_await std::move(reader);  // one byte taken, two left with the source
      EXPECT_TRUE(n.ok() && *n == 1 && one == 'a');
    }(a, b));
    kept = std::move(a);
    executor.reset();
  }
  int fd = kept->fd();
  kept->close();
  EXPECT_EQ(fcntl(fd, F_GETFD), -1) << "the descriptor is closed";
}

INSTANTIATE_TEST_SUITE_P(Drivers, ReceiveTest, ::testing::Values("epoll", "uring"),
                         [](const auto& info) { return info.param; });

}  // namespace
