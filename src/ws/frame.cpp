#include "ws/frame.hpp"

#include <algorithm>

#include "net/printable.hpp"
#include "ws/utf8.hpp"

namespace asyncplay::ws {
namespace {

// Byte 0 and the length bytes (RFC 6455 5.2), with the MASK bit when masked.
void put_header(std::string& out, Opcode opcode, std::size_t length, bool fin, bool masked) {
  out.push_back(static_cast<char>((fin ? 0x80 : 0) | static_cast<std::uint8_t>(opcode)));
  char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (length < 126) {
    out.push_back(static_cast<char>(mask_bit | static_cast<char>(length)));
  } else if (length <= 0xffff) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xff));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(length) >> shift) & 0xff));
    }
  }
}

}  // namespace

std::string encode_frame(Opcode opcode, std::string_view payload, bool fin) {
  std::string out;
  out.reserve(payload.size() + 10);
  put_header(out, opcode, payload.size(), fin, false);
  out.append(payload);
  return out;
}

std::string encode_masked_frame(Opcode opcode, std::string_view payload, Mask mask, bool fin) {
  std::string out;
  out.reserve(payload.size() + 14);
  put_header(out, opcode, payload.size(), fin, true);
  out.append(reinterpret_cast<const char*>(mask.data()), mask.size());
  std::size_t start = out.size();
  out.append(payload);
  apply_mask(out.data() + start, payload.size(), mask);
  return out;
}

std::string encode_close(std::uint16_t code, std::string_view given_reason) {
  if (code == close_code::no_status) return encode_frame(Opcode::close, {});
  // A reason must be UTF-8 (RFC 6455 5.5.1): a peer fails the connection on
  // one that is not (and a page then sees 1006, not our code). Bytes that are
  // not are shown escaped.
  std::string escaped;
  if (!is_valid_utf8(given_reason)) escaped = net::printable(given_reason, max_control_payload - 2);
  std::string_view reason = escaped.empty() ? given_reason : std::string_view(escaped);
  std::size_t keep = std::min(reason.size(), max_control_payload - 2);
  // Back up to the start of a character: a continuation byte is 10xxxxxx.
  while (keep > 0 && keep < reason.size() && (static_cast<unsigned char>(reason[keep]) & 0xc0) == 0x80) --keep;
  std::string payload;
  payload.reserve(2 + keep);
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xff));
  payload.append(reason.substr(0, keep));
  return encode_frame(Opcode::close, payload);
}

}  // namespace asyncplay::ws
