#pragma once
// Reactor: the executor's driver when there is I/O. It owns an epoll instance;
// parking waits in epoll_wait and wakes the futures whose descriptors became
// ready. Resources register through it once and then only read their
// Registration. Installed into the current executor on first use, so the book's
// `block_on(cheapo_request(...))` needs no set-up.
#include <memory>

#include "io/registration.hpp"
#include "runtime/driver.hpp"
#include "runtime/result.hpp"

namespace asyncplay::io {

class Reactor final : public Driver {
 public:
  Reactor();
  ~Reactor() override;
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  // The reactor of the executor running on this thread (or this thread's default).
  static Reactor& current();

  // Starts watching `reg.fd` for both directions (edge-triggered).
  Result<void> add(Registration& reg);

  void park(std::optional<Clock::duration> timeout) override;
  void unpark() override;

 private:
  int epoll_fd_ = -1;
  int event_fd_ = -1;  // written by unpark(), from any thread
};

}  // namespace asyncplay::io
