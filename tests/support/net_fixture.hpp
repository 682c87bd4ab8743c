#pragma once
// Helpers for tests with real sockets on 127.0.0.1:
//  - listen_local(): a listener on a free port;
//  - LineClient: a client that sends and receives lines, each read bounded in time;
//  - run(): block_on with an overall time limit, so a hung test fails instead of hanging.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <memory>
#include <string>

#include "net/buf_reader.hpp"
#include "net/tcp_listener.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/race.hpp"
#include "runtime/time/timeout.hpp"

// ASSERT_TRUE for coroutines returning Task<void> (gtest's ASSERT_* use `return`).
#define CO_ASSERT_TRUE(condition)                        \
  if (!(condition)) {                                    \
    ADD_FAILURE() << "expected true: " #condition;       \
    co_return;                                           \
  }

namespace asyncplay::testing {

using namespace std::chrono_literals;

inline net::TcpListener listen_local() {
  auto listener = net::TcpListener::bind(*net::SocketAddress::from_numeric("127.0.0.1", 0));
  if (!listener) throw Failure(listener.error());
  return std::move(*listener);
}

// Lets this process hold `n` descriptors (up to the hard limit).
inline void allow_descriptors(rlim_t n) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < n) {
    limit.rlim_cur = std::min(n, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

class LineClient {
 public:
  static Task<std::unique_ptr<LineClient>> connect(std::uint16_t port) {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
    if (!socket) throw Failure(socket.error());
    co_return std::unique_ptr<LineClient>(new LineClient(std::move(*socket)));
  }

  Task<void> send(std::string line) {
    auto written = co_await socket_.write_all(line);
    if (!written) throw Failure(written.error());
  }

  // The next line; "<eof>" when the server closed, "<timeout>" after `limit`.
  Task<std::string> recv(Clock::duration limit = 5s) {
    auto line = co_await timeout(limit, reader_.next_line());
    if (!line) co_return line.error().is(std::errc::timed_out) ? "<timeout>" : "<error " + line.error().message() + ">";
    if (!*line) co_return "<eof>";
    co_return std::move(**line);
  }

  net::TcpStream& socket() { return socket_; }

 private:
  explicit LineClient(net::TcpStream socket) : socket_(std::move(socket)), reader_(socket_, 1 << 20) {}
  net::TcpStream socket_;
  net::BufReader<net::TcpStream> reader_;
};

template <Future F>
OutputOf<F> run(Executor& executor, F body, Clock::duration limit = 60s) {
  auto result = executor.block_on(race(std::move(body), sleep(limit)));
  if (result.index() == 1) throw std::runtime_error("the test ran out of time");
  if constexpr (!std::is_void_v<OutputOf<F>>) return std::move(std::get<0>(result));
}

}  // namespace asyncplay::testing
