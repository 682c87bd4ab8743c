// The reactor on io_uring (see reactor_uring.hpp).
#include "io/reactor_uring.hpp"

#include <liburing.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "io/uring_requests.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::io {

using namespace uring;

namespace {

// Room for a fan-out's worth of requests in one turn; completions get twice
// as much, and the kernel keeps any overflow (IORING_FEAT_NODROP).
constexpr unsigned kEntries = 2048;

int setup(io_uring& ring) {
  // One thread submits and reaps (the executor's), so the kernel may defer
  // its completion work until park() asks for events (Linux 6.1); older
  // kernels refuse the flags, and then get none.
  for (unsigned flags : {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0u}) {
    io_uring_params params{};
    params.flags = flags | IORING_SETUP_CQSIZE;
    params.cq_entries = 2 * kEntries;
    int rc = io_uring_queue_init_params(kEntries, &ring, &params);
    if (rc != -EINVAL) return rc;
  }
  return -EINVAL;
}

}  // namespace

UringReactor::UringReactor() : ring_(std::make_unique<io_uring>()) {}

Result<std::unique_ptr<UringReactor>> UringReactor::create() {
  std::unique_ptr<UringReactor> reactor(new UringReactor());
  if (int rc = setup(*reactor->ring_); rc < 0) {
    reactor->ring_.reset();  // nothing to tear down
    return errno_error(-rc, "io_uring_setup");
  }
  // Timeouts on the wait itself (Linux 5.11) and no lost completions (5.5).
  unsigned features = reactor->ring_->features;
  if (!(features & IORING_FEAT_EXT_ARG) || !(features & IORING_FEAT_NODROP)) {
    return Error(std::errc::function_not_supported, "io_uring too old (needs Linux 5.11 or later)");
  }
  reactor->event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (reactor->event_fd_ < 0) return errno_error(errno, "eventfd");
  // Try what park() relies on, once: a multishot poll (Linux 5.13) that
  // reports an unpark through io_uring_enter (a seccomp profile may allow the
  // set-up and refuse the rest).
  reactor->arm_wakeup();
  reactor->unpark();
  if (int rc = io_uring_submit_and_wait(reactor->ring_.get(), 1); rc < 0) return errno_error(-rc, "io_uring_enter");
  io_uring_cqe* cqe = nullptr;
  if (int rc = io_uring_peek_cqe(reactor->ring_.get(), &cqe); rc < 0) return errno_error(-rc, "io_uring_peek_cqe");
  if (cqe->res < 0) return errno_error(-cqe->res, "io_uring multishot poll");
  if (!(cqe->flags & IORING_CQE_F_MORE)) {
    return Error(std::errc::function_not_supported, "io_uring without multishot poll (needs Linux 5.13 or later)");
  }
  io_uring_cqe copy = *cqe;
  io_uring_cqe_seen(reactor->ring_.get(), cqe);
  reactor->complete(copy);
  return reactor;
}

UringReactor::~UringReactor() {
  if (asyncplay::detail::t_queued_driver == this) asyncplay::detail::t_queued_driver = nullptr;
  if (!ring_) return;
  closing_ = true;
  // Ask the kernel to drop every request, and wait until each has said so:
  // only then may the registrations they name be freed.
  if (in_kernel_ > 0) {
    io_uring_sqe& sqe = next_sqe();
    io_uring_prep_cancel64(&sqe, 0, IORING_ASYNC_CANCEL_ANY);
    io_uring_sqe_set_data64(&sqe, kIgnore);
    ++in_kernel_;
  }
  while (in_kernel_ > 0) {
    int rc = io_uring_submit_and_wait(ring_.get(), 1);
    if (rc < 0 && rc != -EINTR && rc != -ETIME) break;
    reap();
  }
  while (Registration* reg = retired_.front()) release(*reg);
  io_uring_queue_exit(ring_.get());
  buffers_.reset();  // only once the kernel's ring, which names them, is gone
  if (event_fd_ >= 0) ::close(event_fd_);
}

Result<void> UringReactor::watch(Registration& reg) {
  arm(reg);  // goes in with the next park(); until then the first tries need no event
  return {};
}

void UringReactor::unwatch(std::unique_ptr<Registration> owned) {
  bool receiving = owned->received.state == Received::State::in_kernel;
  if (owned->received.state == Received::State::done) finish_receive(*owned);  // bytes no one will read
  if (!owned->in_kernel && !receiving) {
    ::close(owned->fd);
    return;
  }
  Registration& reg = *owned.release();
  retired_.push(reg);
  if (reg.in_kernel) cancel_poll(reg);
  if (receiving) cancel_receive(reg);
  ::close(reg.fd);
  // The poll holds the socket open until it is gone: cancel it now, so a
  // closed listener stops accepting and a closed connection sends its FIN
  // before this task goes on.
  io_uring_submit_and_get_events(ring_.get());
}

void UringReactor::cancel_poll(Registration& reg) {
  // A cancel, not a poll removal: the removal refuses (EALREADY) a poll whose
  // wake the kernel has queued but not yet run, and leaves it armed for good.
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_cancel64(&sqe, tagged(&reg, kPoll), 0);
  io_uring_sqe_set_data64(&sqe, kIgnore);
  ++in_kernel_;
}

void UringReactor::park(std::optional<Clock::duration> timeout) {
  if (asyncplay::detail::t_queued_driver == this) asyncplay::detail::t_queued_driver = nullptr;  // all goes in now
  if (!timeout) {
    io_uring_submit_and_wait(ring_.get(), 1);
  } else {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(*timeout).count();
    if (ns < 0) ns = 0;
    __kernel_timespec ts{};
    ts.tv_sec = ns / 1'000'000'000;
    ts.tv_nsec = ns % 1'000'000'000;
    io_uring_cqe* first = nullptr;
    // -ETIME once the deadline passes, -EINTR on a signal: either way, take
    // what came and let the executor look again.
    io_uring_submit_and_wait_timeout(ring_.get(), &first, 1, &ts, nullptr);
  }
  // Only wakes happen here; no task runs until park() returns.
  reap();
}

void UringReactor::flush() {
  if (asyncplay::detail::t_queued_driver == this) asyncplay::detail::t_queued_driver = nullptr;
  io_uring_submit_and_get_events(ring_.get());
  reap();
}

void UringReactor::unpark() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = write(event_fd_, &one, sizeof one);
}

io_uring_sqe& UringReactor::next_sqe() {
  while (true) {
    if (io_uring_sqe* sqe = io_uring_get_sqe(ring_.get())) return *sqe;
    // Full: hand the kernel what is queued, and take what it has finished.
    int rc = io_uring_submit(ring_.get());
    if (rc < 0 && rc != -EBUSY && rc != -EAGAIN && rc != -EINTR) {
      throw std::system_error(-rc, std::generic_category(), "asyncplay: io_uring_submit");
    }
    reap();
  }
}

void UringReactor::arm(Registration& reg) {
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_poll_multishot(&sqe, reg.fd, reg.receives ? kReadinessWithoutReads : kReadiness);
  io_uring_sqe_set_data64(&sqe, tagged(&reg, kPoll));
  reg.in_kernel = true;
  ++in_kernel_;
}

void UringReactor::arm_wakeup() {
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_poll_multishot(&sqe, event_fd_, POLLIN);
  io_uring_sqe_set_data64(&sqe, kWakeup);
  ++in_kernel_;
}

void UringReactor::reap() {
  // One completion at a time, each marked seen before it is handled, so that
  // handling one may submit (and reap) again.
  io_uring_cqe* cqe = nullptr;
  while (io_uring_peek_cqe(ring_.get(), &cqe) == 0) {
    io_uring_cqe copy = *cqe;
    io_uring_cqe_seen(ring_.get(), cqe);
    complete(copy);
  }
}

void UringReactor::complete(const io_uring_cqe& cqe) {
  bool last = !(cqe.flags & IORING_CQE_F_MORE);
  if (last) --in_kernel_;
  if (cqe.user_data == kIgnore) return;
  if (cqe.user_data == kWakeup) {
    std::uint64_t count;
    while (read(event_fd_, &count, sizeof count) > 0) {
    }
    if (last && !closing_) arm_wakeup();
    return;
  }
  if ((cqe.user_data & kTag) == kReceive) {
    complete_receive(*reinterpret_cast<Registration*>(cqe.user_data & ~kTag), cqe);
    return;
  }
  if ((cqe.user_data & kTag) == kSend) {
    auto& op = *reinterpret_cast<SendOperation*>(cqe.user_data & ~kTag);
    op.result = cqe.res;
    op.done = true;
    Waker w = std::move(op.waker);
    if (!closing_) wake_because({WakeCause::Kind::fd, "send completed", op.fd}, [&] { w.wake(); });
    return;
  }
  auto& reg = *reinterpret_cast<Registration*>(cqe.user_data & ~kTag);
  if (last) reg.in_kernel = false;
  if (reg.retired) {
    if (last) {
      if (reg.received.state != Received::State::in_kernel) release(reg);
    } else {
      // Still armed after its cancel: a kernel whose cancel, like a poll
      // removal, refused a poll with a wake in flight. Ask again; the
      // request goes in before any later completion of it is reaped (every
      // reap follows a submit), so the address cannot name another by then.
      cancel_poll(reg);
    }
    return;
  }
  if (closing_) return;  // no task is left to wake
  if (cqe.res == -ECANCELED) {
    // A poll update that could not arm the poll again ended it: watch anew.
    if (last) arm(reg);
    return;
  }
  if (cqe.res < 0) {
    // The poll failed (the descriptor went bad): let both directions try
    // their system call, which reports why. Not armed again.
    on_readiness(reg, POLLERR | POLLHUP);
    return;
  }
  auto events = static_cast<std::uint32_t>(cqe.res);
  // Until a poll update takes POLLIN out, its reads are the receives' to report.
  if (reg.receives) events &= ~static_cast<std::uint32_t>(POLLIN);
  if (events) on_readiness(reg, events);
  // The kernel may end a multishot poll (its completion queue overflowed):
  // watch again; the new poll reports what is ready at once.
  if (last) arm(reg);
}

SendOperation* UringReactor::start_send(int fd, std::span<const char> data) {
  SendOperation& op = take_operation();
  op.fd = fd;
  io_uring_sqe& sqe = next_sqe();
  io_uring_prep_send(&sqe, fd, data.data(), data.size(), MSG_NOSIGNAL);
  io_uring_sqe_set_data64(&sqe, tagged(&op, kSend));
  ++in_kernel_;
  asyncplay::detail::t_queued_driver = this;  // a yield hands it over before the park
  return &op;
}

void UringReactor::finish_send(SendOperation& op) { give_back(op); }

void UringReactor::abandon_send(SendOperation& op) {
  op.waker = Waker();
  if (!op.done) {
    // Cancel it (a send waiting for room in the socket), or let it finish
    // (one already running): either way its completion comes, and until it
    // has, the kernel may still read the dropped future's bytes.
    io_uring_sqe& sqe = next_sqe();
    io_uring_prep_cancel64(&sqe, tagged(&op, kSend), 0);
    io_uring_sqe_set_data64(&sqe, kIgnore);
    ++in_kernel_;
    while (!op.done) {
      int rc = io_uring_submit_and_wait(ring_.get(), 1);
      if (rc < 0 && rc != -EINTR && rc != -ETIME && rc != -EBUSY) return;  // the ring is broken: keep op, never reuse it
      reap();
    }
  }
  give_back(op);
}

SendOperation& UringReactor::take_operation() {
  if (!free_operations_) {
    constexpr std::size_t kBlock = 64;
    operation_blocks_.push_back(std::make_unique<SendOperation[]>(kBlock));
    SendOperation* block = operation_blocks_.back().get();
    for (std::size_t i = 0; i < kBlock; ++i) give_back(block[i]);
  }
  SendOperation& op = *free_operations_;
  free_operations_ = op.next_free;
  op = SendOperation{};
  op.owner = this;
  return op;
}

void UringReactor::give_back(SendOperation& op) {
  op.waker = Waker();
  op.next_free = free_operations_;
  free_operations_ = &op;
}

void UringReactor::release(Registration& reg) {
  retired_.remove(reg);
  delete &reg;
}

}  // namespace asyncplay::io
