#pragma once
// UringReactor: the reactor on io_uring (liburing). Each registration has one
// multishot poll in the kernel, which reports readiness as epoll's edge
// triggering does; what the executor's turn asked of the kernel (new polls,
// cancels, sends) goes in with the next park(), in the same io_uring_enter
// that waits. Another thread unparks it through an eventfd, as with epoll.
//
// Sends are requests too (start_send): each turn's sends go to the kernel
// together when the executor parks, one io_uring_enter for a fan-out's
// thousand, and their completions wake the writers.
//
// Reads are requests too (start_receive, in reactor_uring_receive.cpp): a
// receive names no buffer of its caller's, and the kernel fills one from the
// reactor's ring (io/receive_buffers.hpp) when the bytes arrive; a
// registration that reads this way has a poll without POLLIN. If the ring is
// empty, or the kernel has no such rings (before Linux 5.19), the read waits
// for a one-shot POLLIN and reads with a system call.
//
// A registration's poll carries the registration's address. Closing its
// Source therefore cancels the poll (a cancel: a poll removal may refuse a
// poll whose wake is queued) and leaves the registration with the reactor
// until the poll's last completion is in: no completion can name freed memory.
#include <cstdint>
#include <memory>
#include <vector>

#include "io/reactor.hpp"
#include "io/receive_buffers.hpp"

struct io_uring;
struct io_uring_sqe;
struct io_uring_cqe;

namespace asyncplay::io {

class UringReactor final : public Reactor {
 public:
  // The kernel may refuse (sysctl, seccomp, age): the error says how.
  static Result<std::unique_ptr<UringReactor>> create();
  ~UringReactor() override;

  const char* name() const override { return "io_uring"; }
  void park(std::optional<Clock::duration> timeout) override;
  void unpark() override;
  void flush() override;

  SendOperation* start_send(int fd, std::span<const char> data) override;
  bool completes_sends() const override { return true; }
  void finish_send(SendOperation& op) override;
  void abandon_send(SendOperation& op) override;

  bool completes_receives() const override { return true; }
  void start_receive(Registration& reg, bool into_buffer) override;
  std::span<const char> received_bytes(const Registration& reg) const override;
  bool finish_receive(Registration& reg) override;
  // Receive buffers holding bytes no reader has taken yet (for tests).
  std::size_t receive_buffers_held() const { return buffers_ ? buffers_->held() : 0; }

 protected:
  Result<void> watch(Registration& reg) override;
  void unwatch(std::unique_ptr<Registration> reg) override;

 private:
  UringReactor();
  io_uring_sqe& next_sqe();  // submits what is queued when the ring is full
  void arm(Registration& reg);
  void arm_wakeup();
  void reap();
  void complete(const io_uring_cqe& cqe);
  void complete_receive(Registration& reg, const io_uring_cqe& cqe);
  void cancel_poll(Registration& reg);  // queues a cancel of its poll
  void cancel_receive(Registration& reg);
  void stop_polling_reads(Registration& reg);
  void release(Registration& reg);
  SendOperation& take_operation();
  void give_back(SendOperation& op);

  std::unique_ptr<io_uring> ring_;
  int event_fd_ = -1;                 // written by unpark(), from any thread
  std::uint64_t in_kernel_ = 0;       // requests whose last completion is still to come
  RegistrationList retired_;          // closed, waiting for their poll's last completion
  bool closing_ = false;              // in the destructor: nothing is woken or armed again
  std::vector<std::unique_ptr<SendOperation[]>> operation_blocks_;  // stable addresses
  SendOperation* free_operations_ = nullptr;
  std::unique_ptr<ReceiveBuffers> buffers_;  // made on the first receive
  bool no_buffers_ = false;                   // the kernel refused the ring: receives wait for POLLIN
};

}  // namespace asyncplay::io
