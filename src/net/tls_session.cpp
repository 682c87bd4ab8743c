// TlsSession: OpenSSL on the project's reactor (see tls_session.hpp).
#include "net/tls_session.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace asyncplay::net::detail {
namespace {

// The BIO between OpenSSL and a session: reads call recv on the socket, writes
// append to the session's out_ (they never block).
int bio_write(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  static_cast<TlsSession*>(BIO_get_data(bio))->append_out(data, static_cast<std::size_t>(size));
  return size;
}

int bio_read(BIO* bio, char* into, int size) {
  BIO_clear_retry_flags(bio);
  long n = static_cast<TlsSession*>(BIO_get_data(bio))->recv_some(into, static_cast<std::size_t>(size));
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_read(bio);
  return static_cast<int>(n);
}

long bio_ctrl(BIO* bio, int command, long, void*) {
  if (command == BIO_CTRL_FLUSH) return 1;  // nothing is buffered inside the BIO
  // Asked after a read of 0: TCP's end. (With SSL_OP_IGNORE_UNEXPECTED_EOF,
  // OpenSSL then reports the end of the stream, not an error.)
  if (command == BIO_CTRL_EOF) return static_cast<TlsSession*>(BIO_get_data(bio))->peer_closed() ? 1 : 0;
  return 0;
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

BIO_METHOD* session_bio_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "asyncplay socket");
    BIO_meth_set_write(m, bio_write);
    BIO_meth_set_read(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    if (!text.empty()) text += "; ";
    const char* reason = ERR_reason_error_string(code);
    text += reason ? reason : "error " + std::to_string(code);
  }
  return text;
}

constexpr std::size_t kMaxPlainPerWrite = 64 * 1024;  // bounds out_: four records at a time

}  // namespace

Result<std::unique_ptr<TlsSession>> TlsSession::start(ssl_ctx_st* ctx, io::Source& source) {
  std::unique_ptr<TlsSession> session(new TlsSession(source));
  ERR_clear_error();
  session->ssl_ = SSL_new(ctx);
  BIO* bio = session->ssl_ ? BIO_new(session_bio_method()) : nullptr;
  if (!bio) return Error(std::errc::not_enough_memory, "TLS session: " + openssl_errors());
  BIO_set_data(bio, session.get());
  SSL_set_bio(session->ssl_, bio, bio);  // the SSL owns it (one reference for both ends)
  return session;
}

Result<std::unique_ptr<TlsSession>> TlsSession::accept(ssl_ctx_st* ctx, io::Source& source) {
  auto session = start(ctx, source);
  if (session) SSL_set_accept_state((*session)->ssl_);
  return session;
}

Result<std::unique_ptr<TlsSession>> TlsSession::connect(ssl_ctx_st* ctx, io::Source& source,
                                                        const std::string& server_name) {
  auto session = start(ctx, source);
  if (!session) return session;
  SSL* ssl = (*session)->ssl_;
  SSL_set_connect_state(ssl);
  // The name the certificate must be for: an IP address or a host name
  // (which is also sent as SNI).
  if (server_name.empty())
    return Error(std::errc::invalid_argument, "TLS: no server name to check the certificate against");
  X509_VERIFY_PARAM* check = SSL_get0_param(ssl);
  if (X509_VERIFY_PARAM_set1_ip_asc(check, server_name.c_str()) != 1) {
    ERR_clear_error();  // not an IP address: a host name
    if (SSL_set_tlsext_host_name(ssl, server_name.c_str()) != 1 ||
        X509_VERIFY_PARAM_set1_host(check, server_name.c_str(), 0) != 1) {
      return Error(std::errc::invalid_argument,
                   "TLS: '" + server_name + "' cannot be checked: " + openssl_errors());
    }
  }
  return session;
}

TlsSession::~TlsSession() { SSL_free(ssl_); }

long TlsSession::recv_some(char* into, std::size_t size) {
  long n = ::recv(source_.fd(), into, size, 0);
  recv_errno_ = n < 0 ? errno : 0;
  if (n == 0 && size > 0) peer_closed_ = true;
  last_recv_short_ = n >= 0 && static_cast<std::size_t>(n) < size;
  return n;
}

Error TlsSession::error_from(int ssl_result, const char* what) {
  int code = SSL_get_error(ssl_, ssl_result);
  std::string why = openssl_errors();  // read, and emptied: nothing is left for another session's call
  if (code == SSL_ERROR_SYSCALL && recv_errno_) return errno_error(recv_errno_, what);
  long verified = SSL_get_verify_result(ssl_);
  if (verified != X509_V_OK) {
    return Error::sentence(std::errc::protocol_error, std::string(what) +
                                                          ": TLS: the server's certificate is not trusted (" +
                                                          X509_verify_cert_error_string(verified) + ")");
  }
  return Error::sentence(std::errc::protocol_error,
                         std::string(what) + ": TLS: " + (why.empty() ? "connection failed" : why));
}

Poll<Result<void>> TlsSession::poll_flush(Context& cx) {
  int fd = source_.fd();
  while (out_sent_ < out_.size()) {
    const char* from = out_.data() + out_sent_;
    std::size_t left = out_.size() - out_sent_;
    auto sent = source_
                    .io(
                        io::Direction::write,
                        [fd, from, left] { return ::send(fd, from, left, MSG_NOSIGNAL); }, "write")
                    .poll(cx);
    if (sent.is_pending()) return pending;  // woken by the reactor when the socket is writable
    auto n = sent.take();
    if (!n) return Result<void>(n.error());
    out_sent_ += *n;
  }
  // Released, not kept: an idle connection holds no buffer of its own (a
  // malloc per write costs far less than encrypting it).
  std::string().swap(out_);
  out_sent_ = 0;
  if (shut_after_flush_) {
    shut_after_flush_ = false;
    ::shutdown(fd, SHUT_WR);
  }
  return Result<void>();
}

void TlsSession::try_flush_now() {
  while (out_sent_ < out_.size()) {
    long n =
        ::send(source_.fd(), out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) return;  // full (or failing): the next write or read sends it, or the next write fails
    out_sent_ += static_cast<std::size_t>(n);
  }
  std::string().swap(out_);
  out_sent_ = 0;
  if (shut_after_flush_) {  // close_notify has left at last: now TCP's FIN
    shut_after_flush_ = false;
    ::shutdown(source_.fd(), SHUT_WR);
  }
}

Poll<Result<void>> TlsSession::poll_handshake(Context& cx) {
  while (true) {
    auto flushed = poll_flush(cx);
    if (flushed.is_pending()) return pending;  // the flight is going out; woken when the socket is writable
    if (!flushed.value()) return flushed.take();
    if (handshake_done_) return Result<void>();
    int result = 1;
    auto step =
        source_
            .io(
                io::Direction::read,
                [this, &result] {
                  ERR_clear_error();  // SSL_get_error reads the thread's queue, shared by every session
                  last_recv_short_ = false;
                  result = SSL_do_handshake(ssl_);
                  if (result == 1) return 1L;
                  if (SSL_get_error(ssl_, result) == SSL_ERROR_WANT_READ)
                    errno = EAGAIN;
                  else
                    errno = EPROTO;
                  return -1L;
                },
                "TLS handshake")
            .poll(cx);
    if (step.is_ready()) {
      if (!step.value()) {
        auto failed = step.value().error().is(std::errc::protocol_error) ? error_from(result, "TLS handshake")
                                                                         : step.value().error();
        try_flush_now();  // the alert that says why, if the socket takes it
        return Result<void>(std::move(failed));
      }
      handshake_done_ = true;  // then send the last flight (and session tickets)
      continue;
    }
    if (out_sent_ == out_.size()) return pending;  // woken by the reactor when the client's next flight comes
    // This step wrote a flight: send it before waiting for the answer.
  }
}

Poll<Result<std::size_t>> TlsSession::poll_read(std::span<char> buffer, Context& cx) {
  int result = 1;
  auto step = source_
                  .io(
                      io::Direction::read,
                      [this, buffer, &result] {
                        std::size_t n = 0;
                        ERR_clear_error();  // SSL_get_error reads the thread's queue, shared by every session
                        // Only a recv made by this call says whether the socket is drained (a
                        // record may come from OpenSSL's buffer with no recv at all).
                        last_recv_short_ = false;
                        result = SSL_read_ex(ssl_, buffer.data(), buffer.size(), &n);
                        if (result == 1) return static_cast<long>(n);
                        switch (SSL_get_error(ssl_, result)) {
                          case SSL_ERROR_ZERO_RETURN:
                            return 0L;  // close_notify, or TCP's end (unexpected EOF is allowed)
                          case SSL_ERROR_WANT_READ:
                            errno = EAGAIN;
                            return -1L;
                          default:
                            errno = EPROTO;
                            return -1L;
                        }
                      },
                      "read")
                  .poll(cx);
  if (out_sent_ < out_.size()) try_flush_now();  // an alert or a key update this read made
  if (step.is_pending()) return pending;         // woken by the reactor when the socket is readable
  auto n = step.take();
  if (!n && n.error().is(std::errc::protocol_error)) return Result<std::size_t>(error_from(result, "read"));
  if (n && *n > 0 && last_recv_short_ && !SSL_has_pending(ssl_)) source_.read_drained();
  return n;
}

Poll<Result<std::size_t>> TlsSession::poll_write(std::span<const char> data, Context& cx) {
  // What earlier writes encrypted goes first.
  auto flushed = poll_flush(cx);
  if (flushed.is_pending()) return pending;  // woken by the reactor when the socket is writable
  if (!flushed.value()) return Result<std::size_t>(flushed.value().error());
  if (owed_ && owed_for_ == data.data() && owed_ <= data.size()) {
    std::size_t done = owed_;  // this write's records have now all left
    owed_ = 0;
    return Result<std::size_t>(done);
  }
  owed_ = 0;  // a write dropped while Pending: its records were sent, its count is nobody's
  if (data.empty()) return Result<std::size_t>(std::size_t{0});
  std::size_t taken = 0;
  ERR_clear_error();
  int result = SSL_write_ex(ssl_, data.data(), std::min(data.size(), kMaxPlainPerWrite), &taken);
  if (result != 1) return Result<std::size_t>(error_from(result, "write"));
  owed_ = taken;
  owed_for_ = data.data();
  flushed = poll_flush(cx);
  if (flushed.is_pending()) return pending;  // woken by the reactor when the socket is writable
  owed_ = 0;
  if (!flushed.value()) return Result<std::size_t>(flushed.value().error());
  return Result<std::size_t>(taken);
}

Result<void> TlsSession::shutdown_write() {
  if (shut_after_flush_) return Result<void>();  // asked already; it goes with the next flush
  ERR_clear_error();
  // close_notify into out_, once: a second SSL_shutdown would read the
  // socket for the peer's close_notify, taking what the reader is owed.
  if (handshake_done_ && !(SSL_get_shutdown(ssl_) & SSL_SENT_SHUTDOWN)) SSL_shutdown(ssl_);
  ERR_clear_error();
  try_flush_now();
  if (out_sent_ < out_.size()) {
    shut_after_flush_ = true;
    return Result<void>();
  }
  if (::shutdown(source_.fd(), SHUT_WR) < 0) return errno_error(errno, "shutdown");
  return Result<void>();
}

}  // namespace asyncplay::net::detail
