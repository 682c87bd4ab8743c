#include "http/url.hpp"

#include "net/host_port.hpp"

namespace asyncplay::http {

bool is_valid_request_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.size() > 8192) return false;
  for (unsigned char c : path) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

Result<HttpUrl> HttpUrl::parse(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error(std::errc::invalid_argument, "URL '" + std::string(text) + "': " + why);
  };
  constexpr std::string_view scheme = "http://";
  if (text.substr(0, scheme.size()) != scheme) {
    if (text.substr(0, 8) == "https://") return bad("https is not supported, only http://");
    return bad("must start with http://");
  }
  std::string_view rest = text.substr(scheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  HttpUrl url;
  if (slash != std::string_view::npos) url.path = std::string(rest.substr(slash));
  if (authority.empty()) return bad("no host");
  if (authority.find('@') != std::string_view::npos) return bad("user names are not supported");
  bool has_port = authority.back() != ']' && authority.find(':') != std::string_view::npos;
  if (has_port) {
    auto hp = net::HostPort::parse(authority);
    if (!hp) return bad(hp.error().context());
    url.host = hp->host;
    url.port = hp->port;
  } else {
    url.host = std::string(authority);
    if (url.host.front() == '[') url.host = url.host.substr(1, url.host.size() - 2);
    if (!net::is_valid_host(url.host)) return bad("the host has characters no host name or address has");
  }
  if (!is_valid_request_path(url.path)) return bad("the path has spaces or control characters");
  return url;
}

}  // namespace asyncplay::http
