#include "ws/frame.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ws/frame_header.hpp"
#include "ws/utf8.hpp"

using namespace asyncplay::ws;
using namespace std::string_literals;

TEST(EncodeFrame, EncodesTheRfcExamples) {
  // RFC 6455 5.7.
  EXPECT_EQ(encode_frame(Opcode::text, "Hello"), "\x81\x05Hello");
  EXPECT_EQ(encode_frame(Opcode::text, "Hel", false), "\x01\x03Hel");
  EXPECT_EQ(encode_frame(Opcode::continuation, "lo"), "\x80\x02lo");
  EXPECT_EQ(encode_frame(Opcode::ping, "Hello"), "\x89\x05Hello");
  EXPECT_EQ(encode_masked_frame(Opcode::text, "Hello", {0x37, 0xfa, 0x21, 0x3d}),
            "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
}

TEST(EncodeFrame, UsesTheShortestLengthEncoding) {
  EXPECT_EQ(encode_frame(Opcode::binary, "").substr(0, 2), "\x82\x00"s);
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(125, 'x')).substr(0, 2), "\x82\x7d");
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(126, 'x')).substr(0, 4), "\x82\x7e\x00\x7e"s);
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(256, 'x')).substr(0, 4), "\x82\x7e\x01\x00"s);
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(65535, 'x')).substr(0, 4), "\x82\x7e\xff\xff"s);
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(65536, 'x')).substr(0, 10),
            "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00"s);
  EXPECT_EQ(encode_frame(Opcode::binary, std::string(65536, 'x')).size(), 65536u + 10);
}

TEST(EncodeFrame, ServerFramesAreNeverMasked) {
  for (std::size_t n : {0, 10, 200, 70000}) {
    std::string frame = encode_frame(Opcode::binary, std::string(n, 'y'));
    EXPECT_EQ(static_cast<unsigned char>(frame[1]) & 0x80, 0) << n;
    EXPECT_EQ(frame.substr(frame.size() - n), std::string(n, 'y'));
  }
}

TEST(EncodeClose, PutsTheCodeFirstInNetworkOrder) {
  EXPECT_EQ(encode_close(1000, "bye"), "\x88\x05\x03\xe8" "bye");
  EXPECT_EQ(encode_close(4001, ""), "\x88\x02\x0f\xa1");
}

TEST(EncodeClose, NoStatusMeansAnEmptyCloseFrame) { EXPECT_EQ(encode_close(close_code::no_status, "x"), "\x88\x00"s); }

TEST(EncodeClose, CutsALongReasonTo125BytesOnACharacterBoundary) {
  std::string ascii(200, 'a');
  EXPECT_EQ(encode_close(1000, ascii).size(), 2u + 125);
  // 61 two-byte characters = 122 bytes, then a 3-byte one that does not fit in 123.
  std::string reason;
  for (int i = 0; i < 61; ++i) reason += "\xc3\xa9";
  reason += "\xe2\x82\xac";
  std::string frame = encode_close(1001, reason);
  std::string kept = frame.substr(4);
  EXPECT_EQ(kept.size(), 122u);
  EXPECT_TRUE(is_valid_utf8(kept));
  EXPECT_LE(frame.size() - 2, 125u);
}

// A reason that is not UTF-8 (a client's "%FF%FE" decoded into it) would make
// the peer fail the connection (1006) instead of seeing our code.
TEST(EncodeClose, AReasonThatIsNotUtf8IsSentEscapedAndValid) {
  std::string frame = encode_close(4000, "bad target \xff\xfe:80");
  std::string reason = frame.substr(4);
  EXPECT_TRUE(is_valid_utf8(reason)) << reason;
  EXPECT_EQ(reason, "bad target \\xff\\xfe:80");
  // Long and invalid: still within 123 bytes and valid.
  std::string long_bad(300, '\xff');
  std::string cut = encode_close(4000, long_bad).substr(4);
  EXPECT_LE(cut.size(), 123u);
  EXPECT_TRUE(is_valid_utf8(cut));
  // Valid UTF-8 goes as it is, backslashes and all.
  EXPECT_EQ(encode_close(1000, "caf\xc3\xa9 \\ ok").substr(4), "caf\xc3\xa9 \\ ok");
}

TEST(FrameHeader, DecodesTheFieldsOfAMaskedFrame) {
  std::string frame = encode_masked_frame(Opcode::binary, std::string(300, 'z'), {1, 2, 3, 4}, false);
  auto d = decode_frame_header(frame);
  ASSERT_EQ(d.status, DecodedHeader::Status::ok);
  EXPECT_FALSE(d.header.fin);
  EXPECT_EQ(d.header.rsv, 0);
  EXPECT_EQ(d.header.opcode, 2);
  EXPECT_TRUE(d.header.masked);
  EXPECT_EQ(d.header.length, 300u);
  EXPECT_EQ(d.header.mask, (Mask{1, 2, 3, 4}));
  EXPECT_EQ(d.header.size, 8u);
}

TEST(FrameHeader, NeedsMoreUntilTheWholeHeaderIsThere) {
  std::string frame = encode_masked_frame(Opcode::binary, std::string(70000, 'z'), {1, 2, 3, 4});
  for (std::size_t n = 0; n < 14; ++n) {
    EXPECT_EQ(decode_frame_header(frame.substr(0, n)).status, DecodedHeader::Status::need_more) << n;
  }
  EXPECT_EQ(decode_frame_header(frame.substr(0, 14)).status, DecodedHeader::Status::ok);
  EXPECT_EQ(frame_header_size(static_cast<std::uint8_t>(frame[1])), 14u);
}

TEST(FrameHeader, ANonMinimalLengthIsInvalid) {
  EXPECT_EQ(decode_frame_header("\x82\x7e\x00\x7d"s).status, DecodedHeader::Status::invalid) << "125 in 16 bits";
  EXPECT_EQ(decode_frame_header("\x82\x7e\x00\x7e"s).status, DecodedHeader::Status::ok) << "126 in 16 bits";
  EXPECT_EQ(decode_frame_header("\x82\x7f\x00\x00\x00\x00\x00\x00\xff\xff"s).status, DecodedHeader::Status::invalid)
      << "65535 in 64 bits";
  EXPECT_EQ(decode_frame_header("\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00"s).status, DecodedHeader::Status::ok);
}

TEST(FrameHeader, A64BitLengthWithItsTopBitSetIsInvalid) {
  auto d = decode_frame_header("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00"s);
  EXPECT_EQ(d.status, DecodedHeader::Status::invalid);
  EXPECT_NE(d.problem, nullptr);
}
