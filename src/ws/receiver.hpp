#pragma once
// The server's side of reading a WebSocket (RFC 6455): decodes client frames
// from bytes as they arrive, reassembles fragmented messages and enforces every
// rule a server MUST enforce, answering a violation with the close code to use.
// No I/O: the relay reads a socket and feeds what it got.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ws/frame.hpp"
#include "ws/frame_header.hpp"
#include "ws/protocol_error.hpp"
#include "ws/utf8.hpp"

namespace asyncplay::ws {

struct ReceiverLimits {
  std::size_t max_message = 1 << 20;  // bytes of a whole (reassembled) message; 1009 beyond
  bool require_masked = true;         // a server's view; false accepts masked and unmasked frames
};

// States:
//   header  - collecting the 2-14 bytes that start a frame (kept in header_)
//   payload - remaining_ payload bytes of the current frame to go
//   closed  - a close frame was received: later bytes are ignored (RFC 6455
//             5.5.1: nothing may follow a close frame)
//   failed  - a violation was reported; feeding again repeats it
// Independently, a data message is open (message_open_) from a text/binary
// frame without FIN until the continuation frame with FIN; control frames may
// come in between. What is held: the header bytes, the open message's payload
// so far (never more than max_message), a control frame's payload (<= 125).
class Receiver {
 public:
  // Defined outside the class only so that `Limits limits = {}` below can use its defaults.
  using Limits = ReceiverLimits;
  struct Event {
    enum class Kind { text, binary, ping, pong, close } kind;
    std::string data;              // message payload, ping/pong payload, or close reason
    std::uint16_t close_code = 0;  // for close: the code, or 1005 when the frame had no payload
  };

  explicit Receiver(Limits limits = {});

  // Appends every complete event found in `bytes` to `out`. On a violation
  // returns the error to close with (events before it are still appended and
  // valid) and must not be fed again. After a close event, ignores the rest.
  std::optional<ProtocolError> feed(std::string_view bytes, std::vector<Event>& out);

  // Bytes held for an incomplete frame or message: at most max_message + 125 + 14.
  std::size_t buffered() const { return header_size_ + message_.size() + control_.size(); }
  bool closed() const { return phase_ == Phase::closed; }

 private:
  enum class Phase { header, payload, closed, failed };

  // Sets `header` once all its bytes are in; consumes them from `bytes`.
  std::optional<ProtocolError> take_header(std::string_view& bytes, std::optional<FrameHeader>& header);
  std::optional<ProtocolError> start_frame(const FrameHeader& header);
  std::optional<ProtocolError> take_payload(std::string_view chunk);
  std::optional<ProtocolError> end_frame(std::vector<Event>& out);
  std::optional<ProtocolError> end_close(std::vector<Event>& out);
  ProtocolError fail(ProtocolError error);

  Limits limits_;
  Phase phase_ = Phase::header;
  std::array<char, max_frame_header> header_{};  // a header split across feeds
  std::size_t header_size_ = 0;

  // The frame being read.
  Opcode opcode_ = Opcode::continuation;
  bool fin_ = false;
  bool masked_ = false;
  Mask mask_{};
  std::size_t mask_offset_ = 0;  // payload bytes unmasked so far, to keep the mask in step
  std::uint64_t remaining_ = 0;

  // The data message being assembled.
  bool message_open_ = false;
  Opcode message_opcode_ = Opcode::binary;
  std::string message_;
  Utf8Validator utf8_;  // over message_, as it grows, for text

  std::string control_;                 // a control frame's payload
  std::optional<ProtocolError> error_;  // once failed
};

}  // namespace asyncplay::ws
