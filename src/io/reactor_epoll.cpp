// The reactor on epoll (see reactor_epoll.hpp).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "io/reactor_epoll.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::io {

EpollReactor::EpollReactor() {
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

EpollReactor::~EpollReactor() {
  close(event_fd_);
  close(epoll_fd_);
}

Result<void> EpollReactor::watch(Registration& reg) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = &reg;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, reg.fd, &ev) < 0) return errno_error(errno, "epoll_ctl add");
  return {};
}

void EpollReactor::unwatch(std::unique_ptr<Registration> reg) {
  // Leave the set before closing: a duplicate of the descriptor (hiredis's
  // socket has one) would otherwise keep the entry, and its pointer, alive.
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, reg->fd, nullptr);
  ::close(reg->fd);
}

void EpollReactor::park(std::optional<Clock::duration> timeout) {
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
    // epoll's bits are poll's. Only wakes happen here; no task runs until park() returns, so no
    // registration can be freed while this loop still holds events for it.
    on_readiness(*reg, events[i].events);
  }
}

void EpollReactor::unpark() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = write(event_fd_, &one, sizeof one);
}

}  // namespace asyncplay::io
