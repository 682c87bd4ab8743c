#pragma once
// Reactor: the executor's driver when there is I/O. Parking waits for the
// kernel's readiness events and wakes the futures whose descriptors became
// ready. Resources register through it once and then only read their
// Registration. Installed into the current executor on first use, so the book's
// `block_on(cheapo_request(...))` needs no set-up.
//
// Two back ends share this interface (docs/ARCHITECTURE.md, "I/O drivers"):
// epoll (io/reactor_epoll.cpp) and io_uring (io/reactor_uring.cpp). Which one
// a new executor gets is decided once per process (io/io_driver.hpp).
#include <cstdint>
#include <memory>

#include <span>

#include "io/registration.hpp"
#include "io/registration_list.hpp"
#include "io/send_operation.hpp"
#include "runtime/driver.hpp"
#include "runtime/result.hpp"

namespace asyncplay::io {

class Reactor : public Driver {
 public:
  Reactor() = default;
  ~Reactor() override;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // The reactor of the executor running on this thread (or this thread's
  // default), made by make_reactor() on first use.
  static Reactor& current();

  // "epoll" or "io_uring": what the program reports.
  virtual const char* name() const = 0;

  // Starts watching `reg.fd` in both directions (edge-triggered).
  Result<void> add(Registration& reg);

  // The Source is closing: stop watching, close the descriptor, and free the
  // registration once the kernel holds nothing of it. Its wakers are dropped,
  // not woken. Also right when the reactor that watched it is gone.
  static void retire(std::unique_ptr<Registration> reg);

  // Sends as requests the kernel completes (io_uring): start_send queues one,
  // which goes in with the turn's others when the executor parks; its
  // completion sets `done` and wakes `waker`. Null where the back end has
  // none (epoll): the caller sends through Source::io instead.
  virtual SendOperation* start_send(int fd, std::span<const char> data);
  virtual bool completes_sends() const { return false; }
  // The future took op's result: op goes back to the pool.
  virtual void finish_send(SendOperation& op);
  // The future is dropped before the completion came: returns once the
  // kernel has let go of its bytes (cancelled, or done), and frees op.
  virtual void abandon_send(SendOperation& op);

  // Reads as requests the kernel completes (io_uring): start_receive asks
  // for reg's next bytes, into one of the reactor's own buffers (a ring the
  // kernel picks from when the bytes arrive, so a connection waiting to read
  // holds none), or, `into_buffer` false, only for word that bytes are there.
  // It goes in with the next park; the completion fills reg.received and
  // wakes reg.reader. Unused where completes_receives() is false (epoll).
  virtual bool completes_receives() const { return false; }
  virtual void start_receive(Registration& reg, bool into_buffer);
  // The bytes of a done receive not yet taken (reg.received.taken on).
  virtual std::span<const char> received_bytes(const Registration& reg) const;
  // Readers took them all, or the result had none: its buffer goes back to
  // the kernel, and reg.received is none again. True if the kernel said the
  // socket held more after these bytes.
  virtual bool finish_receive(Registration& reg);

 protected:
  // The kernel reported `events` (poll's bits, which epoll's share) for reg:
  // set its readiness and wake its waiters, saying why.
  static void on_readiness(Registration& reg, std::uint32_t events);

  virtual Result<void> watch(Registration& reg) = 0;
  // Closes reg's descriptor and frees it, now or once its last event is in.
  virtual void unwatch(std::unique_ptr<Registration> reg) = 0;

 private:
  RegistrationList live_;  // every registration added and not retired
};

}  // namespace asyncplay::io
