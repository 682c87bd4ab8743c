// TlsContext: loading the certificate and key into an SSL_CTX, and loading
// them again when the files change.
#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>
#include <tuple>

namespace asyncplay::net {
namespace {

std::atomic<unsigned> hangups{0};  // SIGHUPs so far (lock-free: set in a signal handler)
static_assert(std::atomic<unsigned>::is_always_lock_free);

void count_hangup(int) { hangups.fetch_add(1, std::memory_order_relaxed); }

// What identifies a file's contents without reading it: a renewal that
// replaces the file (or the link to it) changes the inode, one that rewrites it
// in place changes the size or the modification time.
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = -1;
  long long mtime_ns = 0;
  bool operator==(const FileStamp& other) const {
    return std::tie(device, inode, size, mtime_ns) ==
           std::tie(other.device, other.inode, other.size, other.mtime_ns);
  }
};

FileStamp stamp_of(const std::string& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec * 1'000'000'000LL + st.st_mtim.tv_nsec};
}

// OpenSSL's error queue as one line of reasons ("no start line"), emptied
// so the next error starts clean.
std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    std::string said = reason ? reason : "OpenSSL error " + std::to_string(code);
    if (text.find(said) != std::string::npos) continue;
    if (!text.empty()) text += "; ";
    text += said;
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

bool key_mismatch() { return ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH; }

// A file that cannot be read, in the system's words.
std::optional<Error> unreadable(const std::string& what, const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return errno_error(errno, what + " " + file);
  std::fclose(f);
  return std::nullopt;
}

struct CtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using CtxPtr = std::unique_ptr<SSL_CTX, CtxDeleter>;

Result<CtxPtr> make_context(const std::string& cert_file, const std::string& key_file) {
  ERR_clear_error();
  CtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return Error(std::errc::not_enough_memory, "TLS context: " + openssl_errors());
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  // No renegotiation (TLS 1.2): reads never need to write, and a client
  // cannot make the relay do a handshake's work again and again.
  // A peer that closes TCP without close_notify ends the stream like TCP's
  // end: WebSocket has its own close handshake above it.
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  // Record buffers are freed while a connection is idle: an open, quiet
  // tunnel should not hold 34 KiB of them.
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_RELEASE_BUFFERS);
  // Read as much as the socket holds in one system call, not a record
  // header and then its body in two.
  SSL_CTX_set_read_ahead(ctx.get(), 1);
  // No server-side session cache (it keeps up to 20,480 sessions, one per
  // handshake, long after their connections): resumption still works with
  // the tickets clients keep.
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  if (auto error = unreadable("certificate", cert_file)) return *error;
  if (auto error = unreadable("key", key_file)) return *error;
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert_file.c_str()) != 1) {
    return Error::sentence(std::errc::invalid_argument, "certificate " + cert_file + ": " + openssl_errors());
  }
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    if (key_mismatch()) {
      ERR_clear_error();
      return Error::sentence(std::errc::invalid_argument,
                             "key " + key_file + " does not belong to certificate " + cert_file);
    }
    return Error::sentence(std::errc::invalid_argument, "key " + key_file + ": " + openssl_errors());
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1) {
    ERR_clear_error();
    return Error::sentence(std::errc::invalid_argument,
                           "key " + key_file + " does not belong to certificate " + cert_file);
  }
  return ctx;
}

}  // namespace

struct TlsContext::Loaded {
  CtxPtr ctx;           // what new connections use
  FileStamp cert, key;  // the files as they were when last read (or tried)
};

TlsContext::TlsContext(std::string cert_file, std::string key_file, std::unique_ptr<Loaded> loaded)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)), loaded_(std::move(loaded)) {}
TlsContext::TlsContext(TlsContext&&) noexcept = default;
TlsContext& TlsContext::operator=(TlsContext&&) noexcept = default;
TlsContext::~TlsContext() = default;

Result<TlsContext> TlsContext::load(std::string cert_file, std::string key_file) {
  auto loaded = std::make_unique<Loaded>();
  loaded->cert = stamp_of(cert_file);
  loaded->key = stamp_of(key_file);
  auto ctx = make_context(cert_file, key_file);
  if (!ctx) return ctx.error();
  loaded->ctx = std::move(*ctx);
  TlsContext context(std::move(cert_file), std::move(key_file), std::move(loaded));
  context.hangups_seen_ = hangups.load(std::memory_order_relaxed);
  return context;
}

void TlsContext::reload_on_sighup() {
  struct sigaction action {};
  action.sa_handler = count_hangup;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &action, nullptr);
}

Result<TlsContext> TlsContext::client(std::string ca_file) {
  ERR_clear_error();
  auto loaded = std::make_unique<Loaded>();
  loaded->ctx.reset(SSL_CTX_new(TLS_client_method()));
  if (!loaded->ctx) return Error(std::errc::not_enough_memory, "TLS context: " + openssl_errors());
  SSL_CTX* ctx = loaded->ctx.get();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_read_ahead(ctx, 1);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  if (auto error = ca_file.empty() ? std::nullopt : unreadable("certificates", ca_file)) return *error;
  int trusted = ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx)
                                : SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr);
  if (trusted != 1)
    return Error::sentence(std::errc::invalid_argument, "certificates " + ca_file + ": " + openssl_errors());
  TlsContext context(std::move(ca_file), "", std::move(loaded));
  context.client_ = true;
  return context;
}

std::optional<std::string> TlsContext::refresh() {
  if (client_) return std::nullopt;
  FileStamp cert = stamp_of(cert_file_), key = stamp_of(key_file_);
  unsigned hangups_now = hangups.load(std::memory_order_relaxed);
  if (!reload_asked_ && hangups_now == hangups_seen_ && cert == loaded_->cert && key == loaded_->key) {
    return std::nullopt;
  }
  reload_asked_ = false;
  hangups_seen_ = hangups_now;
  // Remember the files as tried, loaded or not: a failed reload is said
  // once, and tried again when the files change again.
  loaded_->cert = cert;
  loaded_->key = key;
  auto ctx = make_context(cert_file_, key_file_);
  if (!ctx) return "certificate reload failed, still serving the previous one: " + ctx.error().message();
  loaded_->ctx = std::move(*ctx);
  return "certificate reloaded from " + cert_file_;
}

ssl_ctx_st* TlsContext::current() const { return loaded_->ctx.get(); }

}  // namespace asyncplay::net
