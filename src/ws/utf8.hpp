#pragma once
// UTF-8 validation (RFC 3629) for WebSocket text: whole strings, and an
// incremental validator for a text message that arrives in pieces, so that a
// bad byte fails the message as soon as it is seen, not after reassembly.
#include <cstdint>
#include <string_view>

namespace asyncplay::ws {

// Well-formed UTF-8: shortest forms only, no surrogates (U+D800-DFFF), nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// States: between characters (need_ == 0), inside a character waiting for
// need_ more continuation bytes (the next one within [lo_, hi_]), and failed,
// which is final. A character may be split across feeds.
class Utf8Validator {
 public:
  // False once the bytes seen so far cannot be the start of valid UTF-8.
  bool feed(std::string_view bytes);
  // True when everything fed is valid UTF-8 and no character is cut short:
  // what a complete text message must satisfy.
  bool complete() const { return !failed_ && need_ == 0; }
  bool failed() const { return failed_; }
  void reset() { *this = Utf8Validator(); }

 private:
  std::uint8_t need_ = 0;  // continuation bytes still expected
  std::uint8_t lo_ = 0x80;  // bounds of the next continuation byte: narrower right after
  std::uint8_t hi_ = 0xbf;  // some lead bytes, to refuse overlong forms and surrogates
  bool failed_ = false;
};

}  // namespace asyncplay::ws
