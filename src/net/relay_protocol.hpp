#pragma once
// How a TcpStream travels over a WebSocket through the relay (docs/RELAY.md).
// Shared by the relay (native) and the browser's TcpStream back end.
//
// Subprotocols:
//   "binary"            websockify's convention: each binary message carries raw
//                       TCP bytes; text messages are refused (close 1003).
//   "asyncplay.tcp.v1"  the same binary messages, plus three text messages:
//                       "connected" (relay -> page) once the TCP connect succeeded,
//                       "eof" (either way) when that side shut down its write half.
//
// Refusals and failures close the WebSocket with a code the page can show:
#include <cstdint>
#include <string_view>

namespace asyncplay::net::relay_protocol {

inline constexpr std::string_view kBinary = "binary";
inline constexpr std::string_view kTcp = "asyncplay.tcp.v1";

inline constexpr std::string_view kConnected = "connected";
inline constexpr std::string_view kEof = "eof";

namespace close_code {
inline constexpr std::uint16_t bad_request = 4000;      // no or malformed ?target= / ?token=
inline constexpr std::uint16_t not_allowed = 4001;      // target not on the allow-list
inline constexpr std::uint16_t unknown_token = 4002;    // ?token= not in the token file
inline constexpr std::uint16_t refused = 4003;          // the target refused the connection
inline constexpr std::uint16_t connect_timeout = 4004;  // the target did not answer in time
inline constexpr std::uint16_t lookup_failed = 4005;    // the target's name did not resolve
inline constexpr std::uint16_t private_address = 4006;  // resolves to a non-public address not named explicitly
inline constexpr std::uint16_t connect_failed = 4007;   // any other connect error
inline constexpr std::uint16_t idle_timeout = 4008;     // no bytes either way for too long
inline constexpr std::uint16_t target_error = 4009;     // reading or writing the target failed
}  // namespace close_code

// Words for a close code, for people: "target not allowed", ...
std::string_view describe_close_code(std::uint16_t code);

}  // namespace asyncplay::net::relay_protocol
