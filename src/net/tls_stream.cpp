// tls_accept: a TLS server's handshake on the native back end.
#include "net/tls_stream.hpp"

#include <sys/socket.h>

#include "net/tcp_stream_native.hpp"
#include "net/tls_session.hpp"
#include "runtime/time/timeout.hpp"

namespace asyncplay::net {
namespace {

// The TLS handshake as a future, polled until the session is open.
class [[nodiscard]] HandshakeFuture {
 public:
  using Output = Result<void>;
  explicit HandshakeFuture(detail::TlsSession& session) : session_(session) {}
  Poll<Output> poll(Context& cx) { return session_.poll_handshake(cx); }  // Pending: woken by the reactor

 private:
  detail::TlsSession& session_;
};

constexpr const char* kPlainHttpAnswer =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 51\r\n"
    "Connection: close\r\n\r\nThis port speaks TLS: use https:// or wss:// here.\n";

}  // namespace

Task<Result<TcpStream>> tls_accept(TcpStream plain, const TlsContext& context, Clock::duration first_byte) {
  detail::StreamState& state = plain.backend_state();
  std::string what = "TLS handshake with " + plain.peer_name();
  // A TLS client's first byte is 22 (a handshake record); an HTTP client's
  // is a method's first letter.
  char first = 0;
  int fd = state.source.fd();
  auto peeking = state.source.io(
      io::Direction::read, [fd, &first] { return ::recv(fd, &first, 1, MSG_PEEK); }, "read");
  auto peeked = co_await timeout(first_byte, std::move(peeking));
  if (!peeked) co_return peeked.error().within(what);
  if (*peeked == 0) co_return Error(std::errc::connection_aborted, what + ": closed before it began");
  if (first >= 'A' && first <= 'Z') {
    char request[4096];
    (void)::recv(fd, request, sizeof request, MSG_DONTWAIT);  // read what came, so closing sends no reset
    (void)co_await plain.write_all(kPlainHttpAnswer);
    (void)plain.shutdown(Shutdown::write);
    co_return Error::sentence(std::errc::protocol_error, what + ": plain HTTP on the TLS port");
  }
  auto session = detail::TlsSession::accept(context.current(), state.source);
  if (!session) co_return session.error().within(what);
  state.tls = std::move(*session);
  auto handshake = co_await HandshakeFuture(*state.tls);
  if (!handshake) co_return handshake.error().within(what);
  co_return std::move(plain);
}

Task<Result<TcpStream>> tls_connect(TcpStream plain, const TlsContext& context, std::string server_name) {
  detail::StreamState& state = plain.backend_state();
  std::string what = "TLS handshake with " + server_name + " (" + plain.peer_name() + ")";
  auto session = detail::TlsSession::connect(context.current(), state.source, server_name);
  if (!session) co_return session.error().within(what);
  state.tls = std::move(*session);
  auto handshake = co_await HandshakeFuture(*state.tls);
  if (!handshake) co_return handshake.error().within(what);
  co_return std::move(plain);
}

}  // namespace asyncplay::net
