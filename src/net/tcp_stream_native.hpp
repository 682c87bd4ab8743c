#pragma once
// What the native back end adds to TcpStream: its state is an io::Source, and a
// listener builds streams from accepted sockets.
#include "io/source.hpp"
#include "net/socket_address.hpp"
#include "net/tcp_stream.hpp"

namespace asyncplay::net {

namespace detail {
struct StreamState {
  io::Source source;
};
}  // namespace detail

TcpStream stream_from_source(io::Source source);

// Connects to one address (no name lookup): for code that chose the address
// itself, such as the relay after checking it is allowed.
Task<Result<TcpStream>> connect_address(SocketAddress address);

}  // namespace asyncplay::net
