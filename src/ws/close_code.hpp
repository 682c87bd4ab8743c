#pragma once
// WebSocket close status codes (RFC 6455 section 7.4) and which of them may
// appear on the wire.
#include <cstdint>

namespace asyncplay::ws {

namespace close_code {
constexpr std::uint16_t normal = 1000;
constexpr std::uint16_t going_away = 1001;
constexpr std::uint16_t protocol_error = 1002;
constexpr std::uint16_t unsupported_data = 1003;
constexpr std::uint16_t no_status = 1005;  // never sent: "the close frame had no code"
constexpr std::uint16_t abnormal = 1006;   // never sent: "the connection dropped without a close frame"
constexpr std::uint16_t invalid_payload = 1007;
constexpr std::uint16_t policy_violation = 1008;
constexpr std::uint16_t message_too_big = 1009;
constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// Whether a close frame may carry `code` (RFC 6455 7.4.1-7.4.2, and the IANA
// registry): 1000-1003, 1007-1014 as registered, 3000-4999 for libraries and
// applications. 1004-1006 and 1015 are reserved or only for local reporting;
// 1016-2999 are reserved for future RFCs, so a peer sending them is wrong.
constexpr bool is_sendable_close_code(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  if (code < 1000 || code > 1014) return false;
  return code != 1004 && code != 1005 && code != 1006;
}

}  // namespace asyncplay::ws
