#pragma once
// The relay's HTTP server: WebSocket upgrades on one path become tunnels to
// TCP; other GET requests are answered from a static directory, if any.
// Built as a security boundary: every request is bounded in size and time,
// connections are limited in total and per client address, and nothing is
// reachable unless the options allow it.
#include <memory>

#include "net/tcp_listener.hpp"
#include "relay/options.hpp"
#include "runtime/task.hpp"

namespace asyncplay::relay {

// Serves until cancelled; cancelling it ends every connection it started.
Task<void> serve_relay(net::TcpListener listener, std::shared_ptr<const RelayOptions> options);

}  // namespace asyncplay::relay
