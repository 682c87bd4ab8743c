#include "ws/frame_header.hpp"

namespace asyncplay::ws {

DecodedHeader decode_frame_header(std::string_view bytes) {
  DecodedHeader out;
  if (bytes.size() < 2) return out;
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(bytes[i]); };
  std::size_t size = frame_header_size(byte(1));
  if (bytes.size() < size) return out;
  FrameHeader& h = out.header;
  h.fin = (byte(0) & 0x80) != 0;
  h.rsv = static_cast<std::uint8_t>((byte(0) >> 4) & 0x7);
  h.opcode = byte(0) & 0x0f;
  h.masked = (byte(1) & 0x80) != 0;
  h.size = size;
  std::uint8_t length7 = byte(1) & 0x7f;
  std::size_t at = 2;
  if (length7 == 126) {
    h.length = (std::uint64_t{byte(2)} << 8) | byte(3);
    at = 4;
    // RFC 6455 5.2: "the minimal number of bytes MUST be used to encode the length".
    if (h.length < 126) {
      out.status = DecodedHeader::Status::invalid;
      out.problem = "frame length not in its shortest form";
      return out;
    }
  } else if (length7 == 127) {
    for (std::size_t i = 2; i < 10; ++i) h.length = (h.length << 8) | byte(i);
    at = 10;
    if (h.length >> 63) {
      out.status = DecodedHeader::Status::invalid;
      out.problem = "64-bit frame length with its top bit set";
      return out;
    }
    if (h.length <= 0xffff) {
      out.status = DecodedHeader::Status::invalid;
      out.problem = "frame length not in its shortest form";
      return out;
    }
  } else {
    h.length = length7;
  }
  if (h.masked) {
    for (std::size_t i = 0; i < 4; ++i) h.mask[i] = byte(at + i);
  }
  out.status = DecodedHeader::Status::ok;
  return out;
}

}  // namespace asyncplay::ws
