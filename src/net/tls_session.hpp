#pragma once
// TlsSession (internal to the native back end): the TLS layer of one
// TcpStream that tls_accept() set up. OpenSSL keeps the protocol state; the
// bytes move as everywhere else, through the socket's io::Source:
//
//  - reading: SSL_read reads the socket itself (through a small BIO that calls
//    recv); when it needs more bytes it says WANT_READ, which the readiness
//    helper sees as EAGAIN, so the task waits for the next readable edge.
//  - writing: SSL_write encrypts into `out_` (it never blocks), and the write
//    future then hands `out_` to the socket through the helper. A write is
//    Ready only once its records have left, so backpressure is as on TCP.
//
// States: handshaking -> open -> (close_notify sent: no more writes).
// Invariants: a read never waits to write (renegotiation is off; anything a
// read makes OpenSSL say, such as an alert, is sent at once if the socket takes
// it, else before the next write's records); bytes in `out_` go in order.
// One difference from TCP: a write that is Pending has already taken its
// bytes (they are encrypted in `out_` and will be sent); dropping it and
// writing the same bytes again from another buffer would send them twice.
// Each write is polled again with the same buffer until it is Ready (as
// write_all does), and its count is then the whole of what it took.
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "io/source.hpp"
#include "runtime/future.hpp"
#include "runtime/result.hpp"

struct ssl_st;      // OpenSSL's SSL
struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace asyncplay::net::detail {

class TlsSession {
 public:
  // The server's side of a new connection on `source`, with `ctx`'s certificate.
  static Result<std::unique_ptr<TlsSession>> accept(ssl_ctx_st* ctx, io::Source& source);
  // The client's side, checking the server's certificate is for `server_name`.
  static Result<std::unique_ptr<TlsSession>> connect(ssl_ctx_st* ctx, io::Source& source,
                                                     const std::string& server_name);
  TlsSession(const TlsSession&) = delete;
  TlsSession& operator=(const TlsSession&) = delete;
  ~TlsSession();

  // Each of these is a future's poll: Pending after registering cx's waker
  // with the reactor through the source.
  Poll<Result<void>> poll_handshake(Context& cx);
  Poll<Result<std::size_t>> poll_read(std::span<char> buffer, Context& cx);
  Poll<Result<std::size_t>> poll_write(std::span<const char> data, Context& cx);

  // Sends close_notify and then shuts TCP's write half; if the socket cannot
  // take the alert now, the shutdown happens when the next flush ends.
  Result<void> shutdown_write();

  // For the BIO's callbacks.
  long recv_some(char* into, std::size_t size);
  void append_out(const char* data, std::size_t size) { out_.append(data, size); }
  bool peer_closed() const { return peer_closed_; }

 private:
  explicit TlsSession(io::Source& source) : source_(source) {}
  static Result<std::unique_ptr<TlsSession>> start(ssl_ctx_st* ctx, io::Source& source);
  Poll<Result<void>> poll_flush(Context& cx);
  void try_flush_now();  // without waiting: what a read made OpenSSL write
  Error error_from(int ssl_result, const char* what);

  io::Source& source_;        // the stream's socket (the session lives inside the same stream)
  ssl_st* ssl_ = nullptr;     // OpenSSL's state for this connection
  std::string out_;           // records written by OpenSSL, not yet taken by the socket
  std::size_t out_sent_ = 0;  // how much of out_ the socket took
  // A write whose records are in out_ but not all sent: its byte count,
  // reported when the same write is polled again after the socket drained.
  std::size_t owed_ = 0;
  const char* owed_for_ = nullptr;
  bool handshake_done_ = false;
  bool last_recv_short_ = false;   // the socket held less than OpenSSL asked for: drained
  bool peer_closed_ = false;       // a recv returned 0: TCP's end from the peer
  bool shut_after_flush_ = false;  // shutdown_write() could not send close_notify yet
  int recv_errno_ = 0;             // the last failing recv's errno, for SSL_ERROR_SYSCALL
};

}  // namespace asyncplay::net::detail
