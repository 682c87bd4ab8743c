#include "net/local_listener.hpp"

#include <unordered_map>

#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::net::local {
namespace {
std::unordered_map<std::uint16_t, Listener*>& listeners() {
  static std::unordered_map<std::uint16_t, Listener*> table;
  return table;
}
}  // namespace

Result<std::unique_ptr<Listener>> Listener::bind(std::uint16_t port) {
  if (port == 0)
    return Error(std::errc::invalid_argument,
                 "listen on local:0: the in-browser host has no free-port choice: name a port");
  if (listeners().count(port)) {
    return Error(std::errc::address_in_use,
                 "listen on local:" + std::to_string(port) + ": something listens there already");
  }
  std::unique_ptr<Listener> listener(new Listener(port));
  listeners().emplace(port, listener.get());
  return listener;
}

Listener::~Listener() { listeners().erase(port_); }

int Listener::connect_from_link(std::uint16_t port, std::string name) {
  auto it = listeners().find(port);
  if (it == listeners().end() || it->second->backlog_.size() >= kBacklog) return -1;
  Listener& listener = *it->second;
  auto connection = std::make_unique<Connection>(std::move(name), Connection::Side::accepted);
  int id = connection->id();
  listener.backlog_.push_back(std::move(connection));
  CauseScope cause({WakeCause::Kind::local, "connect", id, -1});
  Waker taken = std::move(listener.acceptor_);
  taken.wake();
  return id;
}

Poll<std::unique_ptr<Connection>> Listener::poll_accept(Context& cx) {
  if (!backlog_.empty()) {
    auto connection = std::move(backlog_.front());
    backlog_.pop_front();
    return connection;
  }
  acceptor_.set(cx.waker());
  if (auto* trace = cx.trace()) trace->waits_for("in-browser listener", port_, "connect");
  return pending;  // woken by connect_from_link
}

}  // namespace asyncplay::net::local
