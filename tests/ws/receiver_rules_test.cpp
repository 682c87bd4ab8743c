// Every rule of RFC 6455 a server must enforce on client frames, each with
// malformed input, and the close code it earns.
#include <gtest/gtest.h>

#include "receiver_support.hpp"
#include "ws/receiver.hpp"

using namespace asyncplay::ws;
using namespace asyncplay::ws::testing;
using namespace std::string_literals;

namespace {
// A masked binary frame with a hand-made length field (`length_bytes` after
// the second byte, whose low 7 bits are `length7`) and `payload`.
std::string frame_with_length(unsigned char length7, const std::string& length_bytes, const std::string& payload) {
  std::string frame = "\x82"s + static_cast<char>(0x80 | length7) + length_bytes;
  frame.append(reinterpret_cast<const char*>(kMask.data()), 4);
  std::string masked = payload;
  apply_mask(masked.data(), masked.size(), kMask);
  return frame + masked;
}
}  // namespace

TEST(ReceiverRules, UnmaskedClientFramesAreAProtocolError) {
  EXPECT_EQ(error_code(encode_frame(Opcode::binary, "no mask")), close_code::protocol_error);
  EXPECT_EQ(error_code(encode_frame(Opcode::ping, "")), close_code::protocol_error);
}

TEST(ReceiverRules, ReservedBitsAreAProtocolError) {
  for (unsigned char rsv : {0x40, 0x20, 0x10, 0x70}) {
    EXPECT_EQ(error_code(frame_with_first_byte(static_cast<unsigned char>(0x82 | rsv), "x")), close_code::protocol_error)
        << int(rsv);
  }
}

TEST(ReceiverRules, UnknownOpcodesAreAProtocolError) {
  for (unsigned char op : {3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf}) {
    EXPECT_EQ(error_code(frame_with_first_byte(static_cast<unsigned char>(0x80 | op), "")), close_code::protocol_error)
        << int(op);
  }
}

TEST(ReceiverRules, ControlFramesOver125BytesAreAProtocolError) {
  EXPECT_FALSE(feed_once(client_frame(Opcode::ping, std::string(125, 'p'))).error);
  EXPECT_EQ(error_code(client_frame(Opcode::ping, std::string(126, 'p'))), close_code::protocol_error);
  EXPECT_EQ(error_code(client_frame(Opcode::pong, std::string(126, 'p'))), close_code::protocol_error);
  EXPECT_EQ(error_code(client_frame(Opcode::close, "\x03\xe8" + std::string(124, 'r'))), close_code::protocol_error);
}

TEST(ReceiverRules, ControlFramesOver125BytesAreRefusedFromTheHeaderAlone) {
  std::string frame = client_frame(Opcode::ping, std::string(5000, 'p'));
  Receiver r;
  auto fed = feed(r, frame.substr(0, 8));
  ASSERT_TRUE(fed.error);
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(ReceiverRules, FragmentedControlFramesAreAProtocolError) {
  EXPECT_EQ(error_code(client_frame(Opcode::ping, "x", false)), close_code::protocol_error);
  EXPECT_EQ(error_code(client_frame(Opcode::close, "", false)), close_code::protocol_error);
}

TEST(ReceiverRules, AContinuationWithoutAMessageIsAProtocolError) {
  EXPECT_EQ(error_code(client_frame(Opcode::continuation, "x")), close_code::protocol_error);
  EXPECT_EQ(error_code(client_frame(Opcode::text, "done") + client_frame(Opcode::continuation, "x")),
            close_code::protocol_error)
      << "the message before ended with FIN";
}

TEST(ReceiverRules, ANewDataFrameWhileAMessageIsOpenIsAProtocolError) {
  EXPECT_EQ(error_code(client_frame(Opcode::binary, "a", false) + client_frame(Opcode::text, "b")),
            close_code::protocol_error);
  EXPECT_EQ(error_code(client_frame(Opcode::text, "a", false) + client_frame(Opcode::binary, "b", false)),
            close_code::protocol_error);
}

TEST(ReceiverRules, ALengthNotInItsShortestFormIsAProtocolError) {
  EXPECT_EQ(error_code(frame_with_length(126, "\x00\x05"s, "hello")), close_code::protocol_error) << "16 bits for 5";
  EXPECT_EQ(error_code(frame_with_length(127, "\x00\x00\x00\x00\x00\x00\x00\x05"s, "hello")),
            close_code::protocol_error)
      << "64 bits for 5";
  EXPECT_EQ(error_code(frame_with_length(127, "\x00\x00\x00\x00\x00\x00\x01\x00"s, std::string(256, 'x'))),
            close_code::protocol_error)
      << "64 bits for 256";
  EXPECT_EQ(error_code(frame_with_length(126, "\x01\x00"s, std::string(256, 'x'))), 0) << "16 bits for 256 is right";
}

TEST(ReceiverRules, A64BitLengthWithTheTopBitSetIsAProtocolError) {
  EXPECT_EQ(error_code(frame_with_length(127, "\x80\x00\x00\x00\x00\x00\x00\x01"s, "")), close_code::protocol_error);
}

TEST(ReceiverRules, AMessageOverTheLimitIs1009FromTheHeaderAlone) {
  Receiver::Limits limits{1000, true};
  std::string frame = client_frame(Opcode::binary, std::string(1001, 'x'));
  Receiver r(limits);
  auto fed = feed(r, frame.substr(0, 8));  // the header only
  ASSERT_TRUE(fed.error);
  EXPECT_EQ(fed.error->close_code, close_code::message_too_big);
  EXPECT_EQ(r.buffered(), 0u) << "nothing of the payload was buffered";
  std::string huge = frame_with_length(127, "\x7f\xff\xff\xff\xff\xff\xff\xff"s, "");
  EXPECT_EQ(error_code(huge, limits), close_code::message_too_big);
}

TEST(ReceiverRules, AFragmentedMessageOverTheLimitIs1009AtTheFragmentThatCrossesIt) {
  Receiver::Limits limits{100, true};
  Receiver r(limits);
  auto fed = feed(r, client_frame(Opcode::text, std::string(60, 'a'), false));
  ASSERT_FALSE(fed.error);
  fed = feed(r, client_frame(Opcode::continuation, std::string(41, 'a')).substr(0, 6));
  ASSERT_TRUE(fed.error);
  EXPECT_EQ(fed.error->close_code, close_code::message_too_big);
}

TEST(ReceiverRules, InvalidUtf8InATextMessageIs1007) {
  EXPECT_EQ(error_code(client_frame(Opcode::text, "\xff\xfe")), close_code::invalid_payload);
  EXPECT_EQ(error_code(client_frame(Opcode::text, "\xed\xa0\x80")), close_code::invalid_payload) << "a surrogate";
  EXPECT_EQ(error_code(client_frame(Opcode::text, "\xc0\xaf")), close_code::invalid_payload) << "overlong";
}

TEST(ReceiverRules, InvalidUtf8FailsAsSoonAsTheBadByteArrives) {
  Receiver r;
  auto fed = feed(r, client_frame(Opcode::text, "fine", false));
  ASSERT_FALSE(fed.error);
  std::string frame = client_frame(Opcode::continuation, "ok\xff" + std::string(1000, 'a'), false);
  fed = feed(r, frame.substr(0, 8 + 3));  // the header and the first three payload bytes
  ASSERT_TRUE(fed.error) << "not waiting for the rest of the frame, nor for the final fragment";
  EXPECT_EQ(fed.error->close_code, close_code::invalid_payload);
}

TEST(ReceiverRules, ATextMessageEndingInsideACharacterIs1007) {
  EXPECT_EQ(error_code(client_frame(Opcode::text, "caf\xc3")), close_code::invalid_payload);
  EXPECT_EQ(error_code(client_frame(Opcode::text, "\xe2\x82", false) + client_frame(Opcode::continuation, "")),
            close_code::invalid_payload);
}

TEST(ReceiverRules, ACloseFrameWithAOneBytePayloadIsAProtocolError) {
  EXPECT_EQ(error_code(client_frame(Opcode::close, "\x03")), close_code::protocol_error);
}

TEST(ReceiverRules, CloseCodesThatMayNotBeSentAreAProtocolError) {
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    EXPECT_EQ(error_code(client_frame(Opcode::close, payload)), close_code::protocol_error) << code;
  }
  for (int code : {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999}) {
    std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    EXPECT_EQ(error_code(client_frame(Opcode::close, payload)), 0) << code;
  }
}

TEST(ReceiverRules, ACloseReasonThatIsNotUtf8Is1007) {
  EXPECT_EQ(error_code(client_frame(Opcode::close, "\x03\xe8\xff")), close_code::invalid_payload);
  EXPECT_EQ(error_code(client_frame(Opcode::close, "\x03\xe8\xc3")), close_code::invalid_payload);
}

TEST(ReceiverRules, EventsBeforeAViolationAreStillDelivered) {
  auto fed = feed_once(client_frame(Opcode::binary, "first") + client_frame(Opcode::continuation, "x"));
  ASSERT_TRUE(fed.error);
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].data, "first");
}

TEST(ReceiverRules, FeedingAgainAfterAViolationRepeatsItAndDeliversNothing) {
  Receiver r;
  auto fed = feed(r, encode_frame(Opcode::binary, "unmasked"));
  ASSERT_TRUE(fed.error);
  fed = feed(r, client_frame(Opcode::binary, "valid"));
  ASSERT_TRUE(fed.error);
  EXPECT_EQ(fed.error->close_code, close_code::protocol_error);
  EXPECT_TRUE(fed.events.empty());
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(ReceiverRules, ReasonsFitInACloseFrame) {
  for (const auto& bytes : {encode_frame(Opcode::binary, ""), frame_with_first_byte(0x8f, ""),
                            frame_with_length(127, "\x7f\xff\xff\xff\xff\xff\xff\xff"s, "")}) {
    auto fed = feed_once(bytes, {1000, true});
    ASSERT_TRUE(fed.error);
    EXPECT_LE(fed.error->reason.size(), 123u);
    EXPECT_FALSE(fed.error->reason.empty());
  }
}
