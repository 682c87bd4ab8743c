#pragma once
// EpollReactor: the reactor on epoll, edge-triggered, plus an eventfd that
// other threads write to unpark it. Every Linux has it: the fall-back when
// io_uring is refused.
#include "io/reactor.hpp"

namespace asyncplay::io {

class EpollReactor final : public Reactor {
 public:
  EpollReactor();
  ~EpollReactor() override;

  const char* name() const override { return "epoll"; }
  void park(std::optional<Clock::duration> timeout) override;
  void unpark() override;

 protected:
  Result<void> watch(Registration& reg) override;
  void unwatch(std::unique_ptr<Registration> reg) override;

 private:
  int epoll_fd_ = -1;
  int event_fd_ = -1;  // written by unpark(), from any thread
};

}  // namespace asyncplay::io
