#include "relay/upgrade.hpp"

#include <algorithm>

#include "net/relay_protocol.hpp"
#include "ws/handshake.hpp"

namespace asyncplay::relay {
namespace {

namespace rp = net::relay_protocol;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::variant<Upgrade, Rejection> accept_upgrade(const http::Request& request, const RelayOptions& options) {
  if (request.method != "GET") return Rejection{405, "the relay takes GET only", "Allow: GET\r\n"};
  if (request.version != "HTTP/1.1") return Rejection{400, "a WebSocket handshake needs HTTP/1.1", ""};
  if (!request.header_has_token("Upgrade", "websocket") || !request.header_has_token("Connection", "upgrade")) {
    return Rejection{426, "this is a WebSocket endpoint (a relay to TCP)", "Upgrade: websocket\r\nConnection: Upgrade\r\n"};
  }
  const std::string* version = request.header("Sec-WebSocket-Version");
  if (!version || *version != "13") {
    return Rejection{426, "unsupported Sec-WebSocket-Version (this relay speaks 13)", "Sec-WebSocket-Version: 13\r\n"};
  }
  const std::string* key = request.header("Sec-WebSocket-Key");
  if (!key || !ws::is_valid_client_key(*key)) return Rejection{400, "missing or malformed Sec-WebSocket-Key", ""};
  if (!options.origins.empty()) {
    const std::string* origin = request.header("Origin");
    bool allowed = origin && std::any_of(options.origins.begin(), options.origins.end(),
                                         [&](const std::string& o) { return equals_ignoring_case(o, *origin); });
    if (!allowed) return Rejection{403, "origin not allowed", ""};
  }
  std::string_view protocol = rp::kBinary;
  bool echo_protocol = false;
  if (request.header_has_token("Sec-WebSocket-Protocol", rp::kTcp)) {
    protocol = rp::kTcp;
    echo_protocol = true;
  } else if (request.header_has_token("Sec-WebSocket-Protocol", rp::kBinary)) {
    echo_protocol = true;
  }
  std::string response =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
      ws::accept_key(*key) + "\r\n";
  if (echo_protocol) response += "Sec-WebSocket-Protocol: " + std::string(protocol) + "\r\n";
  response += "\r\n";
  return Upgrade{std::move(response), protocol};
}

}  // namespace asyncplay::relay
