// libFuzzer target for ws::Receiver. Input: one control byte (bit 7: a small
// max_message of 200 bytes; bit 6: unmasked frames allowed, so that payload
// bytes are seen as written and UTF-8 and close frames are easier to reach;
// bits 0-5 seed how the bytes are cut into feeds), then the bytes a client sends. Checks, beyond "no crash, no leak, no UB":
//  - feeding it all at once and feeding it in pieces give the same events and error;
//  - every event obeys RFC 6455 (valid UTF-8 text, control payloads <= 125,
//    sendable close codes, messages within the limit), buffered() stays bounded;
//  - re-encoding the events as client frames and decoding them gives them back.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "ws/frame.hpp"
#include "ws/receiver.hpp"

using namespace asyncplay::ws;
using asyncplay::fuzz::check;

namespace {

using Kind = Receiver::Event::Kind;

struct Outcome {
  std::vector<Receiver::Event> events;
  std::optional<ProtocolError> error;
};

bool same(const Outcome& a, const Outcome& b) {
  if (a.events.size() != b.events.size() || a.error.has_value() != b.error.has_value()) return false;
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    if (x.kind != y.kind || x.data != y.data || x.close_code != y.close_code) return false;
  }
  return !a.error || (a.error->close_code == b.error->close_code && a.error->reason == b.error->reason);
}

// UTF-8 checked the slow, obvious way, independently of ws::Utf8Validator:
// decode each code point, then refuse overlongs, surrogates and > U+10FFFF.
bool reference_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

void check_event(const Receiver::Event& e, const Receiver::Limits& limits) {
  switch (e.kind) {
    case Kind::text:
      check(reference_utf8(e.data), "a text message is valid UTF-8");
      [[fallthrough]];
    case Kind::binary:
      check(e.data.size() <= limits.max_message, "a message is within max_message");
      break;
    case Kind::ping:
    case Kind::pong:
      check(e.data.size() <= max_control_payload, "a ping or pong payload is at most 125 bytes");
      break;
    case Kind::close:
      check(e.close_code == close_code::no_status || is_sendable_close_code(e.close_code), "a close code is sendable");
      check(e.close_code != close_code::no_status || e.data.empty(), "no status means no reason");
      check(e.data.size() <= max_control_payload - 2, "a close reason fits the frame");
      check(reference_utf8(e.data), "a close reason is valid UTF-8");
      break;
  }
}

Opcode opcode_of(Kind kind) {
  switch (kind) {
    case Kind::text: return Opcode::text;
    case Kind::binary: return Opcode::binary;
    case Kind::ping: return Opcode::ping;
    case Kind::pong: return Opcode::pong;
    case Kind::close: return Opcode::close;
  }
  return Opcode::binary;
}

// The events as client frames: messages cut in two fragments to exercise reassembly.
std::string reencode(const std::vector<Receiver::Event>& events) {
  std::string out;
  for (const auto& e : events) {
    Mask mask{static_cast<std::uint8_t>(e.data.size()), 0x5a, 0xa5, 0x0f};
    if (e.kind == Kind::close) {
      std::string frame = encode_close(e.close_code, e.data);
      std::string payload = frame.substr(2);  // a close frame is always under 126 bytes
      out += encode_masked_frame(Opcode::close, payload, mask);
    } else if (e.kind == Kind::text || e.kind == Kind::binary) {
      std::size_t half = e.data.size() / 2;
      out += encode_masked_frame(opcode_of(e.kind), std::string_view(e.data).substr(0, half), mask, false);
      out += encode_masked_frame(Opcode::continuation, std::string_view(e.data).substr(half), mask);
    } else {
      out += encode_masked_frame(opcode_of(e.kind), e.data, mask);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::uint8_t control = data[0];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  Receiver::Limits limits{(control & 0x80) ? std::size_t{200} : std::size_t{1} << 20, (control & 0x40) == 0};
  const std::size_t bound = limits.max_message + max_control_payload + max_frame_header;

  Outcome whole;
  {
    Receiver r(limits);
    whole.error = r.feed(input, whole.events);
    check(r.buffered() <= bound, "buffered() is bounded");
    if (whole.error) check(r.buffered() == 0, "a failed receiver holds nothing");
  }

  Outcome pieces;
  {
    Receiver r(limits);
    for (std::string_view piece : asyncplay::fuzz::split(input, control & 0x3f)) {
      pieces.error = r.feed(piece, pieces.events);
      check(r.buffered() <= bound, "buffered() is bounded");
      if (pieces.error) break;
    }
  }
  check(same(whole, pieces), "the same events and error however the bytes are cut");

  for (const auto& e : whole.events) check_event(e, limits);
  if (whole.error) {
    check(!whole.error->reason.empty() && whole.error->reason.size() <= 123, "an error reason fits a close frame");
    auto code = whole.error->close_code;
    check(code == close_code::protocol_error || code == close_code::invalid_payload ||
              code == close_code::message_too_big,
          "an error is 1002, 1007 or 1009");
  }

  Outcome again;
  {
    Receiver r(limits);
    again.error = r.feed(reencode(whole.events), again.events);
  }
  check(!again.error, "re-encoded events are valid frames");
  check(same(again, Outcome{whole.events, std::nullopt}), "re-encoded events decode to themselves");
  return 0;
}
