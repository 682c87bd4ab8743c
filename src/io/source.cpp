#include "io/source.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

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

Poll<Result<std::size_t>> Source::poll_receive(std::span<char> buffer, Context& cx) {
  using Output = Result<std::size_t>;
  Registration* reg = reg_.get();
  if (!reg) return Output(Error(std::errc::bad_file_descriptor, "read"));
  int fd = reg->fd;
  Reactor* reactor = reg->reactor;
  if (!reactor || !reactor->completes_receives()) {
    auto result = io(Direction::read, [fd, buffer] { return ::recv(fd, buffer.data(), buffer.size(), 0); }, "read")
                      .poll(cx);
    if (result.is_ready() && result.value().ok() && *result.value() > 0 && *result.value() < buffer.size()) {
      read_drained();
    }
    return result;  // Pending: woken by the reactor when the kernel reports the socket readable
  }
  bool buffers_ran_out = false;
  while (true) {
    Received& got = reg->received;
    if (got.state == Received::State::in_kernel) {
      reg->reader.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("receive completion", fd);
      return pending;  // woken by the reactor when the receive's completion comes in, after a park
    }
    if (got.state == Received::State::done) {
      if (got.has_buffer && got.result > 0) {
        std::span<const char> bytes = reactor->received_bytes(*reg);
        std::size_t n = std::min(bytes.size(), buffer.size());
        std::memcpy(buffer.data(), bytes.data(), n);
        got.taken = static_cast<std::uint16_t>(got.taken + n);
        if (n == bytes.size()) {
          // Where the kernel said the socket held more, the next read tries
          // at once, straight into its caller's buffer; otherwise the socket
          // is drained and the next read asks the kernel.
          bool more = reactor->finish_receive(*reg);
          reg->readable = more || reg->read_closed;
        }
        return Output(n);
      }
      int result = got.result;
      bool readiness = !got.has_buffer && result > 0;
      reactor->finish_receive(*reg);
      if (result == 0) {
        reg->read_closed = true;  // every later read gets the same 0 from the kernel
        reg->readable = true;
        return Output(std::size_t{0});
      }
      if (result == -ENOBUFS) {
        // Every buffer was holding bytes for some reader: read this once
        // the plain way, on word that bytes are here.
        buffers_ran_out = true;
      } else if (!readiness && result != -EINTR && result != -EAGAIN) {
        return Output(errno_error(-result, "read"));
      } else {
        reg->readable = true;
      }
    }
    if (reg->readable) {
      long n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n >= 0) {
        if (n > 0 && static_cast<std::size_t>(n) < buffer.size()) read_drained();
        return Output(static_cast<std::size_t>(n));
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return Output(errno_error(errno, "read"));
      reg->readable = false;
    }
    reactor->start_receive(*reg, !buffers_ran_out);
  }
}

Poll<Result<std::size_t>> Source::poll_send(std::span<const char> data, SendOperation*& op, Context& cx, bool now) {
  using Output = Result<std::size_t>;
  Registration* reg = reg_.get();
  if (!reg) return Output(Error(std::errc::bad_file_descriptor, "write"));
  bool ask_now = false;
  if (op) {
    if (!op->done) {
      op->waker.set(cx.waker());
      return pending;  // woken by the reactor when the send's completion comes in
    }
    int result = op->result;
    op->owner->finish_send(*op);
    op = nullptr;
    if (result >= 0) return Output(static_cast<std::size_t>(result));
    // The kernel found the socket full when it ran the send, which may be
    // before the edge that says there is room again came in: clearing
    // `writable` for it could wait for an edge already seen. A plain send
    // now asks afresh (Source::io clears it only on an EAGAIN of its own).
    // Today's kernels wait for room inside the request instead.
    if (result == -EAGAIN) ask_now = true;
    else if (result != -EINTR) return Output(errno_error(-result, "write"));
  }
  if (Reactor* reactor = reg->reactor; reactor && !ask_now) {
    if (!reg->writable) {
      reg->writer.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("writable fd", reg->fd);
      return pending;  // woken by the reactor when the kernel reports room to write
    }
    if (!now && (op = reactor->start_send(reg->fd, data))) {
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
