#pragma once
// HostPort: "host:port" as people type it ("example.com:80", "127.0.0.1:7878",
// "[::1]:7878"), parsed with clear errors. Portable: the browser uses it too.
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/result.hpp"

namespace asyncplay::net {

struct HostPort {
  std::string host;  // without brackets
  std::uint16_t port = 0;

  // Port 0 ("any free port") only where `allow_any_port`: for listening.
  static Result<HostPort> parse(std::string_view text, bool allow_any_port = false);
  // "host:port", with brackets around an IPv6 host.
  std::string to_string() const;
};

// Letters, digits and "-._:%" only: a name, an IPv4 or an (unbracketed) IPv6 address.
bool is_valid_host(std::string_view host);

// Parses a decimal port 1..65535 (0..65535 with `allow_zero`).
Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero = false);

}  // namespace asyncplay::net
