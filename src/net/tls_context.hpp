#pragma once
// TlsContext: a server's certificate and key (or a client's trusted
// authorities), and the TLS settings every connection shares (TLS 1.2 and later, OpenSSL's default ciphers).
// Native only. The files are read again when they change on disk (as a
// renewal such as Let's Encrypt's replaces them), or when reload() is asked
// for: connections already open keep the certificate they started with; the
// next handshake uses the new one. A reload that fails (a key that does not
// match, a file half written) keeps the previous certificate and says why.
#include <memory>
#include <optional>
#include <string>

#include "runtime/result.hpp"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX; only tls_*.cpp include OpenSSL

namespace asyncplay::net {

class TlsContext {
 public:
  // Reads both files now; an error names the file and what is wrong with it.
  static Result<TlsContext> load(std::string cert_file, std::string key_file);
  // A client's context: servers must present a certificate signed by one in
  // `ca_file` (or, when empty, by the system's authorities) for the name asked.
  static Result<TlsContext> client(std::string ca_file);
  TlsContext(TlsContext&&) noexcept;
  TlsContext& operator=(TlsContext&&) noexcept;
  ~TlsContext();

  // Before a handshake: if either file changed since it was read (or reload()
  // was asked for), read them again. Returns a line for the log when it did:
  // "certificate reloaded from FILE" or "certificate reload failed: ...".
  std::optional<std::string> refresh();
  // Read the files again at the next refresh(), changed or not.
  void reload() { reload_asked_ = true; }
  // From now on a SIGHUP to the process asks every context for a reload at
  // its next refresh() (as reload() does), for operators used to that.
  static void reload_on_sighup();

  // The context a new connection uses (OpenSSL counts its references: a
  // connection keeps its own context alive after a reload).
  ssl_ctx_st* current() const;
  const std::string& cert_file() const { return cert_file_; }

 private:
  struct Loaded;
  TlsContext(std::string cert_file, std::string key_file, std::unique_ptr<Loaded> loaded);

  std::string cert_file_;
  std::string key_file_;
  std::unique_ptr<Loaded> loaded_;  // the SSL_CTX and the files' identity when read
  bool client_ = false;             // made by client(): nothing to reload
  bool reload_asked_ = false;
  unsigned hangups_seen_ = 0;  // SIGHUPs counted when last refreshed
};

}  // namespace asyncplay::net
