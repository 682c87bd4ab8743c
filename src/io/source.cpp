#include "io/source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "io/reactor.hpp"

namespace asyncplay::io {

Result<Source> Source::adopt(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    int err = errno;
    ::close(fd);
    return errno_error(err, "fcntl O_NONBLOCK");
  }
  Source source;
  source.reg_ = std::make_unique<Registration>();
  source.reg_->fd = fd;
  if (auto added = Reactor::current().add(*source.reg_); !added) return added.error();
  return source;
}

Source& Source::operator=(Source&& other) noexcept {
  if (this != &other) {
    close();
    reg_ = std::move(other.reg_);
  }
  return *this;
}

Source::~Source() { close(); }

void Source::close() {
  if (!reg_) return;
  ::close(reg_->fd);  // also leaves the epoll set
  reg_.reset();       // any waiting waker is dropped, not woken
}

Poll<void> Source::ReadyFuture::poll(Context& cx) {
  // The first poll always waits for a fresh event: the caller has just started
  // an operation (a connect) whose completion that event reports.
  if (waited_ && reg_->ready(dir_)) return asyncplay::ready();
  if (!waited_) {
    waited_ = true;
    reg_->ready(dir_) = false;
  }
  reg_->waiter(dir_).set(cx.waker());
  if (auto* trace = cx.trace()) trace->waits_for(dir_ == Direction::read ? "readable fd" : "writable fd", reg_->fd);
  return pending;  // woken by the reactor when epoll reports `dir_` ready
}

}  // namespace asyncplay::io
