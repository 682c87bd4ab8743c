// The native back end of the reactor: epoll, edge-triggered, plus an eventfd
// that other threads write to unpark it.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "io/reactor.hpp"
#include "runtime/executor.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::io {

Reactor::Reactor() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || event_fd_ < 0) {
    throw std::system_error(errno, std::generic_category(), "asyncplay: creating the epoll reactor");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered: park() drains it
  ev.data.ptr = nullptr;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, event_fd_, &ev);
}

Reactor::~Reactor() {
  close(event_fd_);
  close(epoll_fd_);
}

Reactor& Reactor::current() {
  Executor& executor = Executor::current();
  if (auto* reactor = dynamic_cast<Reactor*>(&executor.driver())) return *reactor;
  auto reactor = std::make_unique<Reactor>();
  Reactor& ref = *reactor;
  executor.set_driver(std::move(reactor));
  return ref;
}

Result<void> Reactor::add(Registration& reg) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = &reg;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, reg.fd, &ev) < 0) return errno_error(errno, "epoll_ctl add");
  return {};
}

void Reactor::park(std::optional<Clock::duration> timeout) {
  int ms = -1;
  if (timeout) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(*timeout).count();
    ms = static_cast<int>((us + 999) / 1000);  // round up: never spin before a deadline
  }
  epoll_event events[256];
  int n = epoll_wait(epoll_fd_, events, 256, ms);
  for (int i = 0; i < n; ++i) {
    auto* reg = static_cast<Registration*>(events[i].data.ptr);
    if (!reg) {
      std::uint64_t count;
      while (read(event_fd_, &count, sizeof count) > 0) {
      }
      continue;
    }
    std::uint32_t what = events[i].events;
    // Only wakes happen here; no task runs until park() returns, so no
    // registration can be freed while this loop still holds events for it.
    if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      reg->readable = true;
      if (what & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) reg->read_closed = true;
      Waker w = std::move(reg->reader);
      wake_because({WakeCause::Kind::fd, reg->read_closed ? "readable (peer closed)" : "readable", reg->fd},
                   [&] { w.wake(); });
    }
    if (what & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
      reg->writable = true;
      Waker w = std::move(reg->writer);
      wake_because({WakeCause::Kind::fd, "writable", reg->fd}, [&] { w.wake(); });
    }
  }
}

void Reactor::unpark() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = write(event_fd_, &one, sizeof one);
}

}  // namespace asyncplay::io
