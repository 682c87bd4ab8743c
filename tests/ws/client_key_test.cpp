#include <gtest/gtest.h>

#include "ws/handshake.hpp"

using namespace asyncplay::ws;

TEST(ClientKey, TheBase64Of16BytesIsValid) {
  EXPECT_TRUE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ=="));  // RFC 6455's example
  EXPECT_TRUE(is_valid_client_key("AAAAAAAAAAAAAAAAAAAAAA=="));
  EXPECT_TRUE(is_valid_client_key("+/+/+/+/+/+/+/+/+/+/+w=="));
}

TEST(ClientKey, OtherLengthsAndPaddingAreInvalid) {
  EXPECT_FALSE(is_valid_client_key(""));
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ="));    // 23 characters
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQ==="));  // 25
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZQAA"));   // no padding: 18 bytes
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZSBh"));   // 18 bytes
  EXPECT_FALSE(is_valid_client_key("c2hvcnQ="));                   // 5 bytes
}

TEST(ClientKey, NonBase64CharactersAreInvalid) {
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZ!=="));
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25j Q=="));
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZ-=="));  // base64url is not base64
}

TEST(ClientKey, NonCanonicalTrailingBitsAreInvalid) {
  // 'R' carries bits past the 16th byte: not what any encoder writes.
  EXPECT_FALSE(is_valid_client_key("dGhlIHNhbXBsZSBub25jZR=="));
}
