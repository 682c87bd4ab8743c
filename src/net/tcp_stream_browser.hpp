#pragma once
// What the browser's TcpStream is made of. A page has two ways to reach a
// server, so its StreamState is an interface with one implementation each:
//   - tcp_stream_websocket.cpp: a WebSocket to the relay (docs/RELAY.md), for
//     any HOST:PORT the relay allows;
//   - tcp_stream_local.cpp: a connection to the in-browser host, for the host
//     name `local` (docs/LOCAL_HOST.md).
// TcpStream::connect picks by the host name (tcp_stream_browser.cpp). A
// virtual call per read or write costs nothing beside a browser event; the
// native back end stays one plain struct.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "net/tcp_stream.hpp"

namespace asyncplay::net {

namespace detail {
struct StreamState {
  virtual ~StreamState() = default;
  // Each is the poll of the TcpStream future of the same name.
  virtual Poll<Result<std::size_t>> poll_read(Context& cx, std::span<char> buffer) = 0;
  virtual Poll<Result<std::size_t>> poll_write(Context& cx, std::span<const char> data) = 0;
  virtual Result<void> shutdown(Shutdown how) = 0;
  virtual std::string peer_name() const = 0;
};
}  // namespace detail

// The host name that means "the in-browser host".
inline constexpr std::string_view kLocalHost = "local";

Task<Result<TcpStream>> connect_through_relay(std::string host, std::uint16_t port);
Task<Result<TcpStream>> connect_local(std::uint16_t port);

}  // namespace asyncplay::net
