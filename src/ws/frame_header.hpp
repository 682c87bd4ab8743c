#pragma once
// Decoding the 2 to 14 bytes that start a WebSocket frame (RFC 6455 5.2). It
// only refuses what is malformed in any frame (a length not in its shortest
// form, a 64-bit length with the top bit set); what a server must refuse from
// a client (unmasked frames, reserved bits and opcodes...) is the Receiver's.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ws/mask.hpp"

namespace asyncplay::ws {

constexpr std::size_t max_frame_header = 14;

struct FrameHeader {
  bool fin = false;
  std::uint8_t rsv = 0;     // RSV1-3 as a number 0-7; nonzero needs a negotiated extension
  std::uint8_t opcode = 0;  // as sent: may be a reserved opcode
  bool masked = false;
  std::uint64_t length = 0;
  Mask mask{};              // when masked
  std::size_t size = 0;     // bytes of the header itself
};

// The header's size, known from its second byte: 2, plus 2 or 8 for an
// extended length, plus 4 for a mask.
constexpr std::size_t frame_header_size(std::uint8_t second_byte) {
  std::uint8_t length = second_byte & 0x7f;
  return 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + ((second_byte & 0x80) ? 4 : 0);
}

struct DecodedHeader {
  enum class Status { need_more, ok, invalid } status = Status::need_more;
  FrameHeader header;             // when ok
  const char* problem = nullptr;  // when invalid
};

DecodedHeader decode_frame_header(std::string_view bytes);

}  // namespace asyncplay::ws
