#include "io/source.hpp"

#include <fcntl.h>
#include <sys/socket.h>
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
  // On failure the source, not yet watched, closes the descriptor itself.
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
  Reactor::retire(std::move(reg_));  // any waiting waker is dropped, not woken
}

Poll<Result<std::size_t>> Source::poll_send(std::span<const char> data, SendOperation*& op, Context& cx) {
  using Output = Result<std::size_t>;
  Registration* reg = reg_.get();
  if (!reg) return Output(Error(std::errc::bad_file_descriptor, "write"));
  if (op) {
    if (!op->done) {
      op->waker.set(cx.waker());
      return pending;  // woken by the reactor when the send's completion comes in
    }
    int result = op->result;
    op->owner->finish_send(*op);
    op = nullptr;
    if (result >= 0) return Output(static_cast<std::size_t>(result));
    if (result == -EAGAIN) {
      reg->writable = false;  // the socket is full: wait for room, then send again
    } else if (result != -EINTR) {
      return Output(errno_error(-result, "write"));
    }
  }
  if (Reactor* reactor = reg->reactor) {
    if (!reg->writable) {
      reg->writer.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("writable fd", reg->fd);
      return pending;  // woken by the reactor when the kernel reports room to write
    }
    if ((op = reactor->start_send(reg->fd, data))) {
      op->waker.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("send completion", reg->fd);
      return pending;  // woken by the reactor when the send's completion comes in, after the next park
    }
  }
  int fd = reg->fd;
  return io(Direction::write, [fd, data] { return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL); }, "write")
      .poll(cx);
}

void Source::drop_send(SendOperation*& op) {
  if (!op) return;
  op->owner->abandon_send(*op);
  op = nullptr;
}

bool Source::sends_at_park() const {
  return reg_ && reg_->reactor && reg_->reactor->completes_sends();
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
  return pending;  // woken by the reactor when the kernel reports `dir_` ready
}

}  // namespace asyncplay::io
