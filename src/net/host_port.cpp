#include "net/host_port.hpp"

#include <charconv>

namespace asyncplay::net {

Result<std::uint16_t> parse_port(std::string_view text, bool allow_zero) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || (value == 0 && !allow_zero) || value > 65535) {
    std::string message = "port '" + std::string(text) + "' is not a number from ";
    message += allow_zero ? "0 to 65535" : "1 to 65535";
    return Error(std::errc::invalid_argument, message);
  }
  return static_cast<std::uint16_t>(value);
}

bool is_valid_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (unsigned char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == ':' || c == '_' || c == '%';
    if (!ok) return false;
  }
  return true;
}

Result<HostPort> HostPort::parse(std::string_view text, bool allow_any_port) {
  auto bad = [&](const std::string& why) {
    return Error(std::errc::invalid_argument, "'" + std::string(text) + "' is not HOST:PORT (" + why + ")");
  };
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return bad("no ']' after the IPv6 address");
    host = text.substr(1, close - 1);
    if (close + 1 >= text.size() || text[close + 1] != ':') return bad("no ':PORT' after ']'");
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("no ':PORT'");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad("put an IPv6 address in brackets");
  }
  if (host.empty()) return bad("empty host");
  if (!is_valid_host(host)) return bad("the host has characters no host name or address has");
  auto p = parse_port(port, allow_any_port);
  if (!p) return bad(p.error().context());
  return HostPort{std::string(host), *p};
}

std::string HostPort::to_string() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace asyncplay::net
