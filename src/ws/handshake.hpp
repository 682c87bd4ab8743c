#pragma once
// The keys of the WebSocket opening handshake (RFC 6455 section 4.2). The
// request checks themselves (method, Upgrade, Connection, version) are the
// server's; these are the two computations every server needs.
#include <string>
#include <string_view>

namespace asyncplay::ws {

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64 of the SHA-1
// of the key followed by RFC 6455's GUID. Native only: it uses OpenSSL's
// SHA-1 (accept_key.cpp), while the rest of ws/ also builds for the browser.
std::string accept_key(std::string_view sec_websocket_key);

// Whether `key` is a valid Sec-WebSocket-Key: the canonical base64 encoding of
// exactly 16 bytes (24 characters ending in "==").
bool is_valid_client_key(std::string_view key);

}  // namespace asyncplay::ws
