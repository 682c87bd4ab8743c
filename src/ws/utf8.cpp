#include "ws/utf8.hpp"

#include <cstring>

namespace asyncplay::ws {

bool is_valid_utf8(std::string_view text) {
  Utf8Validator v;
  return v.feed(text) && v.complete();
}

bool Utf8Validator::feed(std::string_view bytes) {
  if (failed_) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    if (need_ == 0) {
      // Text is mostly ASCII: skip it 8 bytes at a time.
      while (end - p >= 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (word & 0x8080808080808080ull) break;
        p += 8;
      }
      if (p == end) break;
      unsigned char c = *p++;
      if (c < 0x80) continue;
      lo_ = 0x80;
      hi_ = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        need_ = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        need_ = 2;
        if (c == 0xe0) lo_ = 0xa0;  // below: overlong
        if (c == 0xed) hi_ = 0x9f;  // above: UTF-16 surrogates
      } else if (c >= 0xf0 && c <= 0xf4) {
        need_ = 3;
        if (c == 0xf0) lo_ = 0x90;  // below: overlong
        if (c == 0xf4) hi_ = 0x8f;  // above: past U+10FFFF
      } else {
        failed_ = true;  // a stray continuation byte, an overlong lead (C0, C1) or F5-FF
        return false;
      }
    } else {
      unsigned char c = *p++;
      if (c < lo_ || c > hi_) {
        failed_ = true;
        return false;
      }
      lo_ = 0x80;
      hi_ = 0xbf;
      --need_;
    }
  }
  return true;
}

}  // namespace asyncplay::ws
