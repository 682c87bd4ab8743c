#pragma once
// The WebSocket opening handshake on the relay's side (RFC 6455 section 4.2):
// checks a request head and answers 101 with the chosen subprotocol, or says
// which HTTP error to answer instead. Origin is checked here (403), before the
// upgrade; everything about the target is answered after it, as close codes,
// because a browser cannot see why a handshake failed.
#include <string>
#include <string_view>
#include <variant>

#include "http/request.hpp"
#include "relay/options.hpp"

namespace asyncplay::relay {

struct Upgrade {
  std::string response;       // the whole 101 response
  std::string_view protocol;  // relay_protocol::kTcp or kBinary
};

struct Rejection {
  int status;
  std::string body;
  std::string extra_headers;  // "Name: value\r\n" lines
};

std::variant<Upgrade, Rejection> accept_upgrade(const http::Request& request, const RelayOptions& options);

}  // namespace asyncplay::relay
