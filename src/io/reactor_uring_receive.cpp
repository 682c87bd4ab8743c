// The io_uring reactor's receives (see reactor_uring.hpp): requests that the
// kernel fills from the reactor's ring of buffers when bytes arrive.
#include <liburing.h>

#include "io/reactor_uring.hpp"
#include "io/uring_requests.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::io {

using uring::kIgnore;
using uring::kPoll;
using uring::kReadinessWithoutReads;
using uring::kReceive;
using uring::tagged;

void UringReactor::cancel_receive(Registration& reg) {
  // Its completion still comes (cancelled, or with bytes that are then
  // dropped), and gives back its buffer.
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_cancel64(&sqe, tagged(&reg, kReceive), 0);
  io_uring_sqe_set_data64(&sqe, kIgnore);
  ++in_kernel_;
}

void UringReactor::complete_receive(Registration& reg, const io_uring_cqe& cqe) {
  Received& got = reg.received;
  got.state = Received::State::done;
  got.result = cqe.res;
  got.taken = 0;
  got.has_buffer = (cqe.flags & IORING_CQE_F_BUFFER) != 0;
  got.buffer = static_cast<std::uint16_t>(cqe.flags >> IORING_CQE_BUFFER_SHIFT);
  got.more = (cqe.flags & IORING_CQE_F_SOCK_NONEMPTY) != 0;
  if (got.has_buffer && buffers_) buffers_->filled();
  if (reg.retired || closing_) {
    finish_receive(reg);  // no one is left to read them
    if (reg.retired && !reg.in_kernel) release(reg);
    return;
  }
  Waker w = std::move(reg.reader);
  const char* what = got.has_buffer ? "received" : got.result == 0 ? "received end of stream" : "readable";
  wake_because({WakeCause::Kind::fd, what, reg.fd}, [&] { w.wake(); });
}

void UringReactor::start_receive(Registration& reg, bool into_buffer) {
  if (!reg.receives) stop_polling_reads(reg);
  if (into_buffer && !buffers_ && !no_buffers_) {
    auto made = ReceiveBuffers::create(*ring_);
    if (made) buffers_ = std::move(*made);
    else no_buffers_ = true;  // reads wait for POLLIN instead, as they did before receives
  }
  io_uring_sqe& sqe = next_sqe();
  if (into_buffer && buffers_) {
    // Length 0: as many bytes as the buffer the kernel picks holds.
    io_uring_prep_recv(&sqe, reg.fd, nullptr, 0, 0);
    sqe.flags |= IOSQE_BUFFER_SELECT;
    sqe.buf_group = ReceiveBuffers::kGroup;
  } else {
    io_uring_prep_poll_add(&sqe, reg.fd, POLLIN | POLLRDHUP);
  }
  io_uring_sqe_set_data64(&sqe, tagged(&reg, kReceive));
  reg.received = Received{};
  reg.received.state = Received::State::in_kernel;
  ++in_kernel_;
  asyncplay::detail::t_queued_driver = this;  // a yield hands it over before the park
}

void UringReactor::stop_polling_reads(Registration& reg) {
  reg.receives = true;
  if (!reg.in_kernel) return;  // the next arm() leaves POLLIN out
  // The poll stays, multishot, without POLLIN. Should the kernel refuse the
  // update (a wake of the poll in flight), complete() drops its POLLIN.
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_poll_update(&sqe, tagged(&reg, kPoll), 0, kReadinessWithoutReads,
                            IORING_POLL_UPDATE_EVENTS | IORING_POLL_ADD_MULTI);
  io_uring_sqe_set_data64(&sqe, kIgnore);
  ++in_kernel_;
}

std::span<const char> UringReactor::received_bytes(const Registration& reg) const {
  const Received& got = reg.received;
  if (got.state != Received::State::done || !got.has_buffer || got.result <= 0 || !buffers_) return {};
  return buffers_->bytes(got.buffer, got.taken, static_cast<std::size_t>(got.result));
}

bool UringReactor::finish_receive(Registration& reg) {
  bool more = reg.received.more;
  if (reg.received.has_buffer && buffers_) buffers_->give_back(reg.received.buffer);
  reg.received = Received{};
  return more;
}

}  // namespace asyncplay::io
