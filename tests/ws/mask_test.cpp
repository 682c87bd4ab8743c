#include "ws/mask.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace asyncplay::ws;

namespace {
// The definition, byte by byte (RFC 6455 5.3).
std::string masked_slowly(std::string s, Mask mask, std::size_t offset) {
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>(s[i] ^ mask[(offset + i) % 4]);
  return s;
}
}  // namespace

TEST(ApplyMask, MatchesTheByteByByteDefinitionForEveryLengthAndOffset) {
  Mask mask{0x37, 0xfa, 0x21, 0x3d};
  std::string text;
  for (int i = 0; i < 40; ++i) text.push_back(static_cast<char>(i * 7 + 1));
  for (std::size_t length = 0; length <= text.size(); ++length) {
    for (std::size_t offset = 0; offset < 8; ++offset) {
      std::string data = text.substr(0, length);
      apply_mask(data.data(), data.size(), mask, offset);
      EXPECT_EQ(data, masked_slowly(text.substr(0, length), mask, offset)) << length << " at " << offset;
    }
  }
}

TEST(ApplyMask, UnmasksTheRfcExample) {
  // RFC 6455 5.7: a masked "Hello".
  std::string payload = "\x7f\x9f\x4d\x51\x58";
  apply_mask(payload.data(), payload.size(), {0x37, 0xfa, 0x21, 0x3d});
  EXPECT_EQ(payload, "Hello");
}

TEST(ApplyMask, APayloadUnmaskedInPiecesEqualsOneUnmaskedWhole) {
  Mask mask{1, 2, 3, 4};
  std::string whole(100, 'x');
  std::string pieces = whole;
  apply_mask(whole.data(), whole.size(), mask);
  std::size_t at = 0;
  for (std::size_t piece : {3, 1, 9, 17, 70}) {
    apply_mask(pieces.data() + at, piece, mask, at);
    at += piece;
  }
  EXPECT_EQ(pieces, whole);
}

TEST(ApplyMask, MaskingTwiceGivesTheOriginalBack) {
  std::string data = "some bytes that go through the relay";
  std::string original = data;
  apply_mask(data.data(), data.size(), {9, 8, 7, 6}, 3);
  EXPECT_NE(data, original);
  apply_mask(data.data(), data.size(), {9, 8, 7, 6}, 3);
  EXPECT_EQ(data, original);
}
