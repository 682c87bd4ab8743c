#pragma once
// TargetPolicy: which TCP targets a relay tunnel may reach. Deny by default.
//  - `?target=HOST:PORT` is honoured only when HOST:PORT is on the allow-list;
//  - `?token=NAME` looks NAME up in a websockify-style token file
//    ("name: host:port" per line), for deployments switching from websockify.
// Either way the target must also resolve to a public address, unless the
// operator named a non-public one explicitly: an IP literal or "localhost" in
// the entry. So "example.com:80" on the list cannot be turned into a way to
// 127.0.0.1 by DNS, but "127.0.0.1:7878" on the list reaches the local chat.
#include <map>
#include <variant>
#include <string>
#include <string_view>
#include <vector>

#include "net/host_port.hpp"
#include "net/socket_address.hpp"
#include "runtime/result.hpp"

namespace asyncplay::relay {

using TokenMap = std::map<std::string, net::HostPort>;

// Reads "name: host:port" lines; '#' starts a comment; errors name the line.
Result<TokenMap> load_token_file(const std::string& path);
Result<TokenMap> parse_tokens(std::string_view text, const std::string& source);

// Why a tunnel was refused; each has its own WebSocket close code (relay_protocol.hpp).
enum class Refusal { bad_request, not_allowed, unknown_token, private_address };

struct Refused {
  Refusal why;
  std::string reason;  // short, for the close frame and the log
};

class TargetPolicy {
 public:
  TargetPolicy(std::vector<net::HostPort> allow, TokenMap tokens)
      : allow_(std::move(allow)), tokens_(std::move(tokens)) {}

  // The target asked for by a request target such as "/relay?target=h%3A1".
  std::variant<net::HostPort, Refused> choose(std::string_view request_target) const;
  // Whether `address`, which `target` resolved to, may be connected to.
  bool address_permitted(const net::HostPort& target, const net::SocketAddress& address) const;
  const std::vector<net::HostPort>& allow_list() const { return allow_; }
  bool has_tokens() const { return !tokens_.empty(); }
  // Whether a "not allowed" reason names what is allowed (`--explain-allowed`;
  // off by default: an operator may not want to publish the list; on in `dev`).
  void set_explain_allowed(bool on) { explain_allowed_ = on; }

 private:
  std::vector<net::HostPort> allow_;
  TokenMap tokens_;
  bool explain_allowed_ = false;
};

}  // namespace asyncplay::relay
