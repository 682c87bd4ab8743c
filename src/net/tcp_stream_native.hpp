#pragma once
// What the native back end adds to TcpStream: its state is an io::Source, and a
// listener builds streams from accepted sockets.
#include "io/source.hpp"
#include "net/tcp_stream.hpp"

namespace asyncplay::net {

namespace detail {
struct StreamState {
  io::Source source;
};
}  // namespace detail

TcpStream stream_from_source(io::Source source);

}  // namespace asyncplay::net
