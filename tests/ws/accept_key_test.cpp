#include <gtest/gtest.h>

#include "ws/handshake.hpp"

using namespace asyncplay::ws;

TEST(AcceptKey, GivesTheRfcExampleAnswer) {
  // RFC 6455 section 1.3 (also what Python's hashlib and base64 give).
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(AcceptKey, IsTwentyEightCharactersOfBase64ForAnyKey) {
  EXPECT_EQ(accept_key("AAAAAAAAAAAAAAAAAAAAAA==").size(), 28u);
  EXPECT_EQ(accept_key("").size(), 28u);
  EXPECT_NE(accept_key("AAAAAAAAAAAAAAAAAAAAAA=="), accept_key("AAAAAAAAAAAAAAAAAAAAAQ=="));
}
