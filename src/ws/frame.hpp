#pragma once
// WebSocket frames (RFC 6455 section 5.2): opcodes and the encoders. Decoding
// client frames is the Receiver's job (receiver.hpp), on top of frame_header.hpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "ws/close_code.hpp"
#include "ws/mask.hpp"

namespace asyncplay::ws {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

// Control frames (close, ping, pong) have the high opcode bit set.
constexpr bool is_control(Opcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }
// 3-7 and 0xB-0xF are reserved: no extension of ours defines them.
constexpr bool is_known_opcode(std::uint8_t opcode) { return opcode <= 2 || (opcode >= 8 && opcode <= 10); }

constexpr std::size_t max_control_payload = 125;

// A server-to-client frame: never masked, length in the shortest encoding.
std::string encode_frame(Opcode opcode, std::string_view payload, bool fin = true);
// A client-to-server frame, masked with `mask` (tests, fuzz seeds, clients).
std::string encode_masked_frame(Opcode opcode, std::string_view payload, Mask mask, bool fin = true);
// A whole unmasked close frame: the code, then `reason` cut to fit 125 bytes
// without splitting a UTF-8 character; a reason that is not valid UTF-8 is
// sent with its bad bytes escaped (net/printable.hpp), so it always is. close_code::no_status gives an empty
// close frame, which is what that code stands for.
std::string encode_close(std::uint16_t code, std::string_view reason);

}  // namespace asyncplay::ws
