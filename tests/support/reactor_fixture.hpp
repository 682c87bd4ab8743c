#pragma once
// Tests that run once on each reactor (epoll, io_uring) over real descriptors:
// the fixture gives each test an executor on the driver its parameter names,
// and skips io_uring where the kernel refuses it.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "io/reactor_epoll.hpp"
#include "io/reactor_uring.hpp"
#include "io/source.hpp"
#include "runtime/executor.hpp"
#include "support/net_fixture.hpp"

namespace asyncplay::testing {

inline std::unique_ptr<io::Reactor> make_reactor(const std::string& kind) {
  if (kind == "epoll") return std::make_unique<io::EpollReactor>();
  auto uring = io::UringReactor::create();
  if (!uring) return nullptr;
  return std::move(*uring);
}

// A connected pair of stream sockets, both on this thread's reactor.
inline std::pair<io::Source, io::Source> socket_pair() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
    throw std::system_error(errno, std::generic_category(), "socketpair");
  }
  auto a = io::Source::adopt(fds[0]);
  auto b = io::Source::adopt(fds[1]);
  if (!a || !b) throw std::runtime_error("adopt failed");
  return {std::move(*a), std::move(*b)};
}

// `count` connected pairs, with the descriptor limit raised for them and for
// as many again that a test may open besides.
inline std::vector<std::pair<io::Source, io::Source>> socket_pairs(int count) {
  allow_descriptors(4 * static_cast<rlim_t>(count) + 64);
  std::vector<std::pair<io::Source, io::Source>> pairs;
  for (int i = 0; i < count; ++i) pairs.push_back(socket_pair());
  return pairs;
}

class DriverTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto reactor = make_reactor(GetParam());
    if (!reactor) GTEST_SKIP() << "io_uring is refused on this machine";
    executor = std::make_unique<Executor>(std::move(reactor));
  }
  void TearDown() override {
    if (executor) {
      EXPECT_EQ(executor->live_tasks(), 0u);
    }
  }
  std::unique_ptr<Executor> executor;
};

}  // namespace asyncplay::testing
