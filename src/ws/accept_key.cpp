// accept_key: the one piece of ws/ that needs OpenSSL (SHA-1 and base64), so
// the browser build, which has no OpenSSL, leaves this file out.
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "ws/handshake.hpp"

namespace asyncplay::ws {

std::string accept_key(std::string_view sec_websocket_key) {
  static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input;
  input.reserve(sec_websocket_key.size() + guid.size());
  input.append(sec_websocket_key).append(guid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  // Base64 of 20 bytes is 28 characters; EVP_EncodeBlock also writes a NUL.
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

}  // namespace asyncplay::ws
