#pragma once
// What the native back end adds to TcpStream: its state is an io::Source (and,
// after tls_accept, a TLS session on it), and a listener builds streams from
// accepted sockets.
#include <memory>

#include "io/source.hpp"
#include "net/socket_address.hpp"
#include "net/tcp_stream.hpp"
#include "net/tls_session.hpp"

namespace asyncplay::net {

namespace detail {
struct StreamState {
  io::Source source;
  std::unique_ptr<TlsSession> tls;  // set by tls_accept: reads and writes are TLS records
};
}  // namespace detail

TcpStream stream_from_source(io::Source source);

// Connects to one address (no name lookup): for code that chose the address
// itself, such as the relay after checking it is allowed.
Task<Result<TcpStream>> connect_address(SocketAddress address);

}  // namespace asyncplay::net
