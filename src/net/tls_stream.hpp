#pragma once
// TLS on an accepted connection (native only): after tls_accept, the stream's
// reads and writes carry TLS records, and everything above it (the relay's
// HTTP, WebSocket and tunnels) is unchanged: it still has a TcpStream.
//
//   auto tls = co_await timeout(handshake_timeout, net::tls_accept(std::move(socket), context));
#include "net/tcp_stream.hpp"
#include "net/tls_context.hpp"
#include "runtime/driver.hpp"
#include "runtime/task.hpp"

namespace asyncplay::net {

// The server's handshake. A client that speaks plain HTTP to the TLS port
// gets a short 400 saying to use https:// or wss://, and an error; a client
// that sends anything else that is not TLS gets TLS's alert and an error.
// A client that sends nothing for `first_byte` fails with errc::timed_out.
// Errors name the peer: "TLS handshake with 10.0.0.7:51234: ...".
Task<Result<TcpStream>> tls_accept(TcpStream plain, const TlsContext& context,
                                   Clock::duration first_byte = std::chrono::seconds(10));

// The client's handshake, for a context made by TlsContext::client: the
// server's certificate must be for `server_name` (a host name, sent as SNI,
// or an IP address). Errors name the server.
Task<Result<TcpStream>> tls_connect(TcpStream plain, const TlsContext& context, std::string server_name);

}  // namespace asyncplay::net
