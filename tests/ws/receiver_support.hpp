#pragma once
// Helpers for the Receiver tests: client frames and a feed that collects what
// came out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ws/frame.hpp"
#include "ws/receiver.hpp"

namespace asyncplay::ws::testing {

inline constexpr Mask kMask{0x37, 0xfa, 0x21, 0x3d};

// A masked client frame.
inline std::string client_frame(Opcode opcode, std::string_view payload, bool fin = true) {
  return encode_masked_frame(opcode, payload, kMask, fin);
}

// A masked client frame whose first byte (FIN, RSV, opcode) is given as is.
inline std::string frame_with_first_byte(unsigned char first, std::string_view payload) {
  std::string frame = encode_masked_frame(Opcode::binary, payload, kMask);
  frame[0] = static_cast<char>(first);
  return frame;
}

struct Fed {
  std::vector<Receiver::Event> events;
  std::optional<ProtocolError> error;
};

inline Fed feed(Receiver& receiver, std::string_view bytes) {
  Fed fed;
  fed.error = receiver.feed(bytes, fed.events);
  return fed;
}

inline Fed feed_once(std::string_view bytes, Receiver::Limits limits = {}) {
  Receiver receiver(limits);
  return feed(receiver, bytes);
}

// The close code of the error from feeding `bytes` to a new receiver, or 0.
inline std::uint16_t error_code(std::string_view bytes, Receiver::Limits limits = {}) {
  auto fed = feed_once(bytes, limits);
  return fed.error ? fed.error->close_code : 0;
}

}  // namespace asyncplay::ws::testing
