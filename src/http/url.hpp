#pragma once
// HttpUrl: the parts of an http:// URL that cheapo_request needs.
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/result.hpp"

namespace asyncplay::http {

struct HttpUrl {
  std::string host;
  std::uint16_t port = 80;
  std::string path = "/";  // with the query, if any

  // "http://host[:port][/path]". Anything else (https://, spaces, control
  // characters) is refused with a message saying why.
  static Result<HttpUrl> parse(std::string_view text);
};

// True when `path` can go in a request line: starts with '/', no spaces or controls.
bool is_valid_request_path(std::string_view path);

}  // namespace asyncplay::http
