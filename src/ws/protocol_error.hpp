#pragma once
// Why a peer broke the WebSocket protocol: the close code to answer with and a
// short reason (at most 123 bytes, so it fits in a close frame).
#include <cstdint>
#include <string>

namespace asyncplay::ws {

struct ProtocolError {
  std::uint16_t close_code;
  std::string reason;
};

}  // namespace asyncplay::ws
