// is_valid_client_key: plain code, kept apart from accept_key.cpp so that it
// builds without OpenSSL (in the browser build too).
#include "ws/handshake.hpp"

namespace asyncplay::ws {
namespace {

// The value of a base64 character, or -1.
int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

bool is_valid_client_key(std::string_view key) {
  // 16 bytes = 128 bits: 21 characters of 6 bits, a 22nd holding the last 2
  // bits (its low 4 bits are zero when canonical), then "==".
  if (key.size() != 24 || key.substr(22) != "==") return false;
  for (std::size_t i = 0; i < 22; ++i) {
    if (base64_value(key[i]) < 0) return false;
  }
  return (base64_value(key[21]) & 0x0f) == 0;
}

}  // namespace asyncplay::ws
