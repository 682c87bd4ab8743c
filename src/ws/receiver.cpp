#include "ws/receiver.hpp"

#include <algorithm>

namespace asyncplay::ws {
namespace {

ProtocolError protocol_error(std::string reason) { return {close_code::protocol_error, std::move(reason)}; }

}  // namespace

Receiver::Receiver(Limits limits) : limits_(limits) {}

std::optional<ProtocolError> Receiver::feed(std::string_view bytes, std::vector<Event>& out) {
  if (phase_ == Phase::failed) return error_;
  while (!bytes.empty()) {
    if (phase_ == Phase::closed) return std::nullopt;
    if (phase_ == Phase::header) {
      std::optional<FrameHeader> header;
      if (auto error = take_header(bytes, header)) return fail(std::move(*error));
      if (!header) return std::nullopt;  // the rest of the header comes with the next feed
      if (auto error = start_frame(*header)) return fail(std::move(*error));
      if (remaining_ > 0) {
        phase_ = Phase::payload;
        continue;
      }
    } else {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size()));
      if (auto error = take_payload(bytes.substr(0, n))) return fail(std::move(*error));
      bytes.remove_prefix(n);
      remaining_ -= n;
      if (remaining_ > 0) return std::nullopt;
    }
    if (auto error = end_frame(out)) return fail(std::move(*error));
  }
  return std::nullopt;
}

std::optional<ProtocolError> Receiver::take_header(std::string_view& bytes, std::optional<FrameHeader>& header) {
  DecodedHeader decoded;
  if (header_size_ == 0 && bytes.size() >= 2 && bytes.size() >= frame_header_size(static_cast<std::uint8_t>(bytes[1]))) {
    decoded = decode_frame_header(bytes);  // the common case: the whole header is here, no copy
    if (decoded.status == DecodedHeader::Status::ok) bytes.remove_prefix(decoded.header.size);
  } else {
    // Copy no more than this header's bytes: first the two that give its size.
    std::size_t want = header_size_ < 2 ? 2 : frame_header_size(static_cast<std::uint8_t>(header_[1]));
    while (header_size_ < want && !bytes.empty()) {
      std::size_t n = std::min(want - header_size_, bytes.size());
      std::copy_n(bytes.data(), n, header_.data() + header_size_);
      header_size_ += n;
      bytes.remove_prefix(n);
      if (header_size_ == 2) want = frame_header_size(static_cast<std::uint8_t>(header_[1]));
    }
    if (header_size_ < want) return std::nullopt;  // more header bytes with the next feed
    decoded = decode_frame_header({header_.data(), header_size_});
    header_size_ = 0;
  }
  if (decoded.status == DecodedHeader::Status::invalid) return protocol_error(decoded.problem);
  header = decoded.header;
  return std::nullopt;
}

std::optional<ProtocolError> Receiver::start_frame(const FrameHeader& h) {
  // No extension is negotiated, so RSV1-3 must be 0 and opcodes 3-7, B-F are unknown (RFC 6455 5.2).
  if (h.rsv != 0) return protocol_error("reserved bits set without a negotiated extension");
  if (!is_known_opcode(h.opcode)) return protocol_error("reserved opcode " + std::to_string(h.opcode));
  // RFC 6455 5.1: a server MUST close the connection on an unmasked client frame.
  if (limits_.require_masked && !h.masked) return protocol_error("client frames must be masked");
  auto opcode = static_cast<Opcode>(h.opcode);
  if (is_control(opcode)) {
    // RFC 6455 5.5: control frames are never fragmented and carry at most 125 bytes.
    if (!h.fin) return protocol_error("fragmented control frame");
    if (h.length > max_control_payload) return protocol_error("control frame payload over 125 bytes");
  } else {
    if (opcode == Opcode::continuation && !message_open_) return protocol_error("continuation frame outside a message");
    if (opcode != Opcode::continuation && message_open_) {
      return protocol_error("new data frame inside a fragmented message");
    }
    // Refused from the header, before buffering any of the payload.
    if (h.length > limits_.max_message - message_.size()) {
      return ProtocolError{close_code::message_too_big,
                           "message larger than " + std::to_string(limits_.max_message) + " bytes"};
    }
    if (opcode != Opcode::continuation) {
      message_open_ = true;
      message_opcode_ = opcode;
      utf8_.reset();
    }
    // Room for the frame, but not more than 64 KiB on the header's word alone:
    // a client that announces a big frame and stalls should not cost its size.
    message_.reserve(message_.size() + static_cast<std::size_t>(std::min<std::uint64_t>(h.length, 64 * 1024)));
  }
  opcode_ = opcode;
  fin_ = h.fin;
  masked_ = h.masked;
  mask_ = h.mask;
  mask_offset_ = 0;
  remaining_ = h.length;
  return std::nullopt;
}

std::optional<ProtocolError> Receiver::take_payload(std::string_view chunk) {
  std::string& into = is_control(opcode_) ? control_ : message_;
  std::size_t start = into.size();
  into.append(chunk);
  if (masked_) apply_mask(into.data() + start, chunk.size(), mask_, mask_offset_);
  mask_offset_ += chunk.size();
  // Checked as the bytes arrive, so a bad byte fails the message at once.
  if (!is_control(opcode_) && message_opcode_ == Opcode::text &&
      !utf8_.feed({into.data() + start, chunk.size()})) {
    return ProtocolError{close_code::invalid_payload, "text message is not valid UTF-8"};
  }
  return std::nullopt;
}

std::optional<ProtocolError> Receiver::end_frame(std::vector<Event>& out) {
  phase_ = Phase::header;
  switch (opcode_) {
    case Opcode::ping:
    case Opcode::pong:
      out.push_back(Event{opcode_ == Opcode::ping ? Event::Kind::ping : Event::Kind::pong, std::move(control_), 0});
      control_.clear();
      return std::nullopt;
    case Opcode::close:
      return end_close(out);
    default:
      break;
  }
  if (!fin_) return std::nullopt;  // more fragments to come
  bool text = message_opcode_ == Opcode::text;
  if (text && !utf8_.complete()) {
    return ProtocolError{close_code::invalid_payload, "text message ends inside a UTF-8 character"};
  }
  out.push_back(Event{text ? Event::Kind::text : Event::Kind::binary, std::move(message_), 0});
  std::string().swap(message_);  // an idle connection holds no buffer
  message_open_ = false;
  return std::nullopt;
}

std::optional<ProtocolError> Receiver::end_close(std::vector<Event>& out) {
  // RFC 6455 5.5.1: empty, or a 2-byte code then a UTF-8 reason.
  if (control_.size() == 1) return protocol_error("close frame with a 1-byte payload");
  std::uint16_t code = close_code::no_status;
  std::string reason;
  if (!control_.empty()) {
    code = static_cast<std::uint16_t>((static_cast<unsigned char>(control_[0]) << 8) |
                                      static_cast<unsigned char>(control_[1]));
    if (!is_sendable_close_code(code)) return protocol_error("close code " + std::to_string(code) + " may not be sent");
    reason = control_.substr(2);
    if (!is_valid_utf8(reason)) return ProtocolError{close_code::invalid_payload, "close reason is not valid UTF-8"};
  }
  out.push_back(Event{Event::Kind::close, std::move(reason), code});
  phase_ = Phase::closed;
  std::string().swap(control_);
  std::string().swap(message_);
  return std::nullopt;
}

ProtocolError Receiver::fail(ProtocolError error) {
  phase_ = Phase::failed;
  error_ = error;
  std::string().swap(message_);
  std::string().swap(control_);
  header_size_ = 0;
  return error;
}

}  // namespace asyncplay::ws
