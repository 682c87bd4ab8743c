// The Receiver on well-formed input: messages, fragments, control frames,
// arbitrary splits. The rules it enforces are in receiver_rules_test.cpp.
#include "ws/receiver.hpp"

#include <gtest/gtest.h>

#include "receiver_support.hpp"

using namespace asyncplay::ws;
using namespace asyncplay::ws::testing;
using Kind = Receiver::Event::Kind;

TEST(Receiver, DecodesTheRfcMaskedTextExample) {
  auto fed = feed_once("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
  ASSERT_FALSE(fed.error);
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].kind, Kind::text);
  EXPECT_EQ(fed.events[0].data, "Hello");
}

TEST(Receiver, DecodesBinaryMessagesInEveryLengthEncoding) {
  for (std::size_t n : {0, 1, 125, 126, 65535, 65536, 300000}) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(i * 31);
    auto fed = feed_once(client_frame(Opcode::binary, payload));
    ASSERT_FALSE(fed.error) << n;
    ASSERT_EQ(fed.events.size(), 1u) << n;
    EXPECT_EQ(fed.events[0].kind, Kind::binary);
    EXPECT_EQ(fed.events[0].data, payload) << n;
  }
}

TEST(Receiver, AssemblesAFragmentedMessage) {
  Receiver r;
  auto fed = feed(r, client_frame(Opcode::text, "Hel", false) + client_frame(Opcode::continuation, "lo, ", false));
  EXPECT_TRUE(fed.events.empty()) << "nothing until the final fragment";
  EXPECT_EQ(r.buffered(), 7u);
  fed = feed(r, client_frame(Opcode::continuation, "world"));
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].kind, Kind::text);
  EXPECT_EQ(fed.events[0].data, "Hello, world");
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(Receiver, ControlFramesMayComeBetweenFragments) {
  auto fed = feed_once(client_frame(Opcode::binary, "ab", false) + client_frame(Opcode::ping, "p") +
                       client_frame(Opcode::continuation, "", false) + client_frame(Opcode::pong, "q") +
                       client_frame(Opcode::continuation, "cd"));
  ASSERT_FALSE(fed.error);
  ASSERT_EQ(fed.events.size(), 3u);
  EXPECT_EQ(fed.events[0].kind, Kind::ping);
  EXPECT_EQ(fed.events[0].data, "p");
  EXPECT_EQ(fed.events[1].kind, Kind::pong);
  EXPECT_EQ(fed.events[1].data, "q");
  EXPECT_EQ(fed.events[2].kind, Kind::binary);
  EXPECT_EQ(fed.events[2].data, "abcd");
}

TEST(Receiver, GivesEveryEventFoundInOneFeedInOrder) {
  auto fed = feed_once(client_frame(Opcode::text, "one") + client_frame(Opcode::binary, "two") +
                       client_frame(Opcode::text, ""));
  ASSERT_EQ(fed.events.size(), 3u);
  EXPECT_EQ(fed.events[0].data, "one");
  EXPECT_EQ(fed.events[1].data, "two");
  EXPECT_EQ(fed.events[2].kind, Kind::text);
  EXPECT_EQ(fed.events[2].data, "");
}

TEST(Receiver, GivesTheSameEventsWhenTheBytesArriveOneAtATime) {
  std::string big(70000, 'b');
  std::string stream = client_frame(Opcode::text, "caf\xc3\xa9", false) + client_frame(Opcode::ping, "x") +
                       client_frame(Opcode::continuation, "\xe2\x82\xac") + client_frame(Opcode::binary, big) +
                       client_frame(Opcode::binary, std::string(300, 'm')) + encode_masked_frame(Opcode::close, "\x03\xe8ok", kMask);
  Receiver r;
  std::vector<Receiver::Event> events;
  for (char c : stream) ASSERT_FALSE(r.feed(std::string_view(&c, 1), events));
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, Kind::ping);
  EXPECT_EQ(events[1].data, "caf\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(events[2].data, big);
  EXPECT_EQ(events[3].data.size(), 300u);
  EXPECT_EQ(events[4].kind, Kind::close);
  EXPECT_EQ(events[4].close_code, 1000);
  EXPECT_EQ(events[4].data, "ok");
}

TEST(Receiver, ACharacterSplitAcrossFragmentsIsValidText) {
  auto fed = feed_once(client_frame(Opcode::text, "\xf0\x9f", false) + client_frame(Opcode::continuation, "\x98\x80"));
  ASSERT_FALSE(fed.error);
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].data, "\xf0\x9f\x98\x80");
}

TEST(Receiver, BinaryMessagesNeedNotBeUtf8) {
  auto fed = feed_once(client_frame(Opcode::binary, "\xff\xfe\xc0"));
  ASSERT_FALSE(fed.error);
  EXPECT_EQ(fed.events.at(0).data, "\xff\xfe\xc0");
}

TEST(Receiver, ACloseFrameGivesItsCodeAndReason) {
  auto fed = feed_once(encode_masked_frame(Opcode::close, "\x0f\xa0going", kMask));
  ASSERT_FALSE(fed.error);
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].kind, Kind::close);
  EXPECT_EQ(fed.events[0].close_code, 4000);
  EXPECT_EQ(fed.events[0].data, "going");
}

TEST(Receiver, AnEmptyCloseFrameMeansNoStatus) {
  auto fed = feed_once(client_frame(Opcode::close, ""));
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(fed.events[0].close_code, close_code::no_status);
  EXPECT_EQ(fed.events[0].data, "");
}

TEST(Receiver, IgnoresEverythingAfterACloseFrame) {
  Receiver r;
  auto fed = feed(r, client_frame(Opcode::close, "") + client_frame(Opcode::text, "late") + "\xff\xff garbage");
  ASSERT_FALSE(fed.error);
  ASSERT_EQ(fed.events.size(), 1u);
  EXPECT_TRUE(r.closed());
  fed = feed(r, client_frame(Opcode::text, "later"));
  EXPECT_FALSE(fed.error);
  EXPECT_TRUE(fed.events.empty());
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(Receiver, HoldsOnlyTheMessageInProgress) {
  Receiver r;
  std::string frame = client_frame(Opcode::binary, std::string(1000, 'x'));
  auto fed = feed(r, frame.substr(0, 3));
  EXPECT_EQ(r.buffered(), 3u) << "part of a header";
  fed = feed(r, frame.substr(3, 500));
  EXPECT_EQ(r.buffered(), 500u - 8 + 3);
  fed = feed(r, frame.substr(503));
  EXPECT_EQ(fed.events.size(), 1u);
  EXPECT_EQ(r.buffered(), 0u) << "nothing kept between messages";
}

TEST(Receiver, AMessageOfExactlyTheLimitIsAccepted) {
  Receiver::Limits limits{100, true};
  auto fed = feed_once(client_frame(Opcode::binary, std::string(60, 'a'), false) +
                       client_frame(Opcode::continuation, std::string(40, 'a')), limits);
  ASSERT_FALSE(fed.error);
  EXPECT_EQ(fed.events.at(0).data.size(), 100u);
}

TEST(Receiver, WithoutRequireMaskedUnmaskedFramesAreAccepted) {
  auto fed = feed_once(encode_frame(Opcode::text, "from a server"), {1 << 20, false});
  ASSERT_FALSE(fed.error);
  EXPECT_EQ(fed.events.at(0).data, "from a server");
}
