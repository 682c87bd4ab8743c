#include "net/printable.hpp"

#include <algorithm>
#include <cstdio>

namespace asyncplay::net {
namespace {

// The well-formed UTF-8 character at the start of `text` (RFC 3629: shortest
// form, no surrogates, nothing past U+10FFFF): its length, 0 if there is none.
std::size_t decode(std::string_view text, char32_t& code_point) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  std::size_t follow = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // the first continuation byte's range
  if (lead >= 0xc2 && lead <= 0xdf) {
    follow = 1;
    code_point = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    follow = 2;
    code_point = lead & 0x0f;
    if (lead == 0xe0) lo = 0xa0;  // below: overlong
    if (lead == 0xed) hi = 0x9f;  // above: surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    follow = 3;
    code_point = lead & 0x07;
    if (lead == 0xf0) lo = 0x90;  // below: overlong
    if (lead == 0xf4) hi = 0x8f;  // above: past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() <= follow) return 0;
  for (std::size_t i = 1; i <= follow; ++i) {
    if (byte(i) < lo || byte(i) > hi) return 0;
    lo = 0x80;
    hi = 0xbf;
    code_point = (code_point << 6) | (byte(i) & 0x3f);
  }
  return follow + 1;
}

// Characters that change how the rest of a line reads, or hide text: C1
// controls, line and paragraph separators, bidirectional marks, embeddings,
// overrides and isolates, and invisible format characters (zero-width
// spaces and joiners, word joiner, invisible operators, BOM, interlinear
// annotation marks, tag characters).
bool is_format_control(char32_t c) {
  return (c >= 0x80 && c <= 0x9f) || c == 0x00ad || c == 0x061c || (c >= 0x200b && c <= 0x200f) ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
         (c >= 0xe0000 && c <= 0xe007f);
}

std::string hex_byte(unsigned char b) {
  char out[5];
  std::snprintf(out, sizeof out, "\\x%02x", b);
  return out;
}

std::string escape(std::string_view from_peer, std::size_t max_bytes, bool escape_backslash) {
  std::string out;
  out.reserve(std::min(from_peer.size(), max_bytes));
  std::size_t cut_at = std::string::npos;  // where "..." goes if the whole does not fit
  auto add = [&](std::string_view piece) {
    if (cut_at == std::string::npos && out.size() + piece.size() + 3 > max_bytes) cut_at = out.size();
    out.append(piece);
    return out.size() <= max_bytes;  // false: no need to look further
  };
  std::string_view rest = from_peer;
  while (!rest.empty()) {
    char32_t c = 0;
    std::size_t length = decode(rest, c);
    std::string escaped;
    if (length == 0) {
      escaped = hex_byte(static_cast<unsigned char>(rest[0]));
      length = 1;
    } else if (c == '\\' && escape_backslash) {
      escaped = "\\\\";
    } else if (c == '\n') {
      escaped = "\\n";
    } else if (c == '\r') {
      escaped = "\\r";
    } else if (c == '\t') {
      escaped = "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      escaped = hex_byte(static_cast<unsigned char>(c));
    } else if (is_format_control(c)) {
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u{%04x}", static_cast<unsigned>(c));
      escaped = buf;
    }
    bool more = escaped.empty() ? add(rest.substr(0, length)) : add(escaped);
    rest.remove_prefix(length);
    if (!more) break;
  }
  if (out.size() > max_bytes) {
    out.resize(cut_at);
    out += "...";
    if (out.size() > max_bytes) out.resize(max_bytes);  // under 3 bytes: as many dots as fit
  }
  return out;
}

}  // namespace

std::string printable(std::string_view from_peer, std::size_t max_bytes) { return escape(from_peer, max_bytes, true); }
std::string one_line(std::string_view text, std::size_t max_bytes) { return escape(text, max_bytes, false); }

}  // namespace asyncplay::net
