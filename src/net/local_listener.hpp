#pragma once
// A port of the in-browser host (docs/LOCAL_HOST.md): the connections that
// pages open to it wait here until accepted. Portable, as local_connection.hpp
// is; the browser's TcpListener wraps it (tcp_listener_local.cpp).
#include <cstdint>
#include <deque>
#include <memory>

#include "net/local_connection.hpp"

namespace asyncplay::net::local {

class Listener {
 public:
  // Fails with address_in_use when something listens on `port` already.
  static Result<std::unique_ptr<Listener>> bind(std::uint16_t port);
  ~Listener();  // connections not yet accepted are closed
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // For the link: a page asks to connect to `port`. The new end's id, or -1
  // when nothing listens there or its backlog is full (the page is refused).
  static int connect_from_link(std::uint16_t port, std::string name);

  Poll<std::unique_ptr<Connection>> poll_accept(Context& cx);

 private:
  explicit Listener(std::uint16_t port) : port_(port) {}
  std::uint16_t port_;
  std::deque<std::unique_ptr<Connection>> backlog_;
  Waker acceptor_;
};

}  // namespace asyncplay::net::local
