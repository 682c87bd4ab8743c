// What both back ends share: the executor's reactor, and the list of live
// registrations that lets a Source close after its reactor is gone.
#include "io/reactor.hpp"

#include <poll.h>
#include <unistd.h>

#include "io/io_driver.hpp"
#include "runtime/executor.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::io {

Reactor::~Reactor() {
  // Sources still open outlive their executor: they close on their own.
  while (Registration* reg = live_.front()) {
    live_.remove(*reg);
    reg->reactor = nullptr;
    reg->received = Received{};  // its bytes were in this reactor's buffers
    reg->receives = false;       // no reactor reports anything now, and reads may use Source::io again
  }
}

Reactor& Reactor::current() {
  Executor& executor = Executor::current();
  if (auto* reactor = dynamic_cast<Reactor*>(&executor.driver())) return *reactor;
  std::unique_ptr<Reactor> reactor = make_reactor();
  Reactor& ref = *reactor;
  executor.set_driver(std::move(reactor));
  return ref;
}

Result<void> Reactor::add(Registration& reg) {
  if (auto watched = watch(reg); !watched) return watched;
  reg.reactor = this;
  live_.push(reg);
  return {};
}

void Reactor::retire(std::unique_ptr<Registration> reg) {
  reg->reader = Waker();
  reg->writer = Waker();
  reg->retired = true;
  Reactor* reactor = reg->reactor;
  if (!reactor) {
    ::close(reg->fd);
    return;
  }
  reactor->live_.remove(*reg);
  reactor->unwatch(std::move(reg));
}

SendOperation* Reactor::start_send(int, std::span<const char>) { return nullptr; }
void Reactor::finish_send(SendOperation&) {}
void Reactor::abandon_send(SendOperation&) {}
void Reactor::start_receive(Registration&, bool) {}
std::span<const char> Reactor::received_bytes(const Registration&) const { return {}; }
bool Reactor::finish_receive(Registration& reg) {
  reg.received = Received{};
  return false;
}

void Reactor::on_readiness(Registration& reg, std::uint32_t events) {
  if (events & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) {
    reg.readable = true;
    if (events & (POLLRDHUP | POLLHUP | POLLERR)) reg.read_closed = true;
    Waker w = std::move(reg.reader);
    wake_because({WakeCause::Kind::fd, reg.read_closed ? "readable (peer closed)" : "readable", reg.fd},
                 [&] { w.wake(); });
  }
  if (events & (POLLOUT | POLLHUP | POLLERR)) {
    reg.writable = true;
    Waker w = std::move(reg.writer);
    wake_because({WakeCause::Kind::fd, "writable", reg.fd}, [&] { w.wake(); });
  }
}

}  // namespace asyncplay::io
