#pragma once
// Source: an open, non-blocking descriptor registered with the reactor. It owns
// the descriptor (closing it also stops the reactor watching it) and offers the
// readiness helper that native I/O goes through:
//
//   co_await source.io(Direction::read, [&] { return ::read(fd, buf, n); });
//
// try the system call; on EAGAIN wait until the reactor reports readiness; retry.
//
// A stream's sends and receives have a second helper, for requests the kernel
// completes: poll_send and poll_receive. On io_uring a send is a request,
// queued with the turn's other sends and handed over together when the
// executor parks; a receive is a request that the kernel fills, once bytes
// arrive, from a ring of the reactor's buffers. On epoll both are Source::io's
// system calls. Everything else (accepts, connects, TLS's records, peeks) uses
// io; a source that has received through poll_receive reads through it only.
#include <cassert>
#include <cerrno>
#include <memory>
#include <span>
#include <string>

#include "io/registration.hpp"
#include "io/send_operation.hpp"
#include "runtime/future.hpp"
#include "runtime/result.hpp"
#include "runtime/trace/poll_trace.hpp"

namespace asyncplay::io {


class Source {
 public:
  Source() = default;
  // Makes `fd` non-blocking and registers it; closes it on failure.
  static Result<Source> adopt(int fd);
  Source(Source&&) noexcept = default;
  Source& operator=(Source&&) noexcept;
  ~Source();

  int fd() const { return reg_ ? reg_->fd : -1; }
  bool is_open() const { return reg_ != nullptr; }
  void close();

  // A future of `op()`'s result: `op` returns a system call's value, -1 with errno.
  template <class Op>
  class [[nodiscard]] IoFuture {
   public:
    using Output = Result<std::size_t>;
    IoFuture(Registration* reg, Direction dir, Op op, const char* what)
        : reg_(reg), dir_(dir), op_(std::move(op)), what_(what) {}

    Poll<Output> poll(Context& cx) {
      if (!reg_) return Output(Error(std::errc::bad_file_descriptor, what_));
      assert(dir_ == Direction::write || !reg_->receives);  // its poll no longer reports reads
      while (true) {
        if (!reg_->ready(dir_)) {
          reg_->waiter(dir_).set(cx.waker());
          if (auto* trace = cx.trace()) trace->waits_for(dir_ == Direction::read ? "readable fd" : "writable fd", reg_->fd);
          return pending;  // woken by the reactor when the kernel reports readiness
        }
        long n = op_();
        if (n >= 0) return Output(static_cast<std::size_t>(n));
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
          reg_->ready(dir_) = false;  // the next edge sets it again
          continue;
        }
        return Output(errno_error(errno, what_));
      }
    }

   private:
    Registration* reg_;
    Direction dir_;
    Op op_;
    const char* what_;  // "read", "write", "accept": the error's context
  };

  template <class Op>
  IoFuture<Op> io(Direction dir, Op op, const char* what) {
    return IoFuture<Op>(reg_.get(), dir, std::move(op), what);
  }

  // After a read that returned less than it asked for: the socket is drained,
  // so the next read waits for the next edge instead of trying first and
  // getting EAGAIN (one system call less per message, as tokio does). Not
  // once the peer has closed: no edge would come, and that read returns 0.
  void read_drained() {
    if (reg_ && !reg_->read_closed) reg_->readable = false;
  }

  // One receive into `buffer`: how many bytes, 0 at the end of the stream.
  // On io_uring, a receive the kernel has not completed stays with the
  // source when the future that asked is dropped, and the bytes it brings go
  // to the next read: nothing is lost, and no caller's buffer is in the
  // kernel's hands.
  Poll<Result<std::size_t>> poll_receive(std::span<char> buffer, Context& cx);

  // One send of `data`: how many bytes the kernel took. `op` holds, between
  // polls, a send the kernel has not completed yet (io_uring); whoever holds
  // it calls drop_send(op) when it is dropped, which returns once the kernel
  // no longer reads `data`. With `now`, never such a send: a plain send at
  // once, or Pending until the socket has room, on either driver, so `data`
  // need not outlive the poll.
  Poll<Result<std::size_t>> poll_send(std::span<const char> data, SendOperation*& op, Context& cx,
                                      bool now = false);
  static void drop_send(SendOperation*& op);
  // Whether a send completes only after the executor parks (io_uring): bytes
  // that do not outlive the poll must be copied before they are sent.
  bool sends_at_park() const;

  // A future that is Ready once the reactor reports `dir` ready (for connect).
  class [[nodiscard]] ReadyFuture {
   public:
    using Output = void;
    ReadyFuture(Registration* reg, Direction dir) : reg_(reg), dir_(dir) {}
    Poll<void> poll(Context& cx);

   private:
    Registration* reg_;
    Direction dir_;
    bool waited_ = false;
  };
  ReadyFuture ready(Direction dir) { return ReadyFuture(reg_.get(), dir); }

 private:
  std::unique_ptr<Registration> reg_;  // stable address: the reactor's kernel requests name it
};

}  // namespace asyncplay::io
