#include "relay/target_policy.hpp"

#include <gtest/gtest.h>

using namespace asyncplay;
using namespace asyncplay::relay;

namespace {
TargetPolicy policy() {
  auto tokens = parse_tokens("# tokens\nchat: 127.0.0.1:7878\n\nweb:  example.com:80  # a comment\n", "tokens");
  return TargetPolicy({{"127.0.0.1", 7878}, {"example.com", 80}, {"localhost", 7879}}, *tokens);
}
std::string refusal(const std::variant<net::HostPort, Refused>& r) {
  auto* refused = std::get_if<Refused>(&r);
  return refused ? refused->reason : "allowed";
}
}  // namespace

TEST(TargetPolicy, NothingIsReachableByDefault) {
  TargetPolicy empty({}, {});
  auto r = empty.choose("/relay?target=127.0.0.1:7878");
  ASSERT_TRUE(std::holds_alternative<Refused>(r));
  EXPECT_EQ(std::get<Refused>(r).why, Refusal::not_allowed);
  EXPECT_EQ(refusal(r), "not on this relay's allow-list");
  empty.set_explain_allowed(true);
  EXPECT_EQ(refusal(empty.choose("/relay?target=127.0.0.1:7878")), "not on this relay's allow-list; it takes tokens only");
}

TEST(TargetPolicy, OnlyTargetsOnTheAllowListAreChosen) {
  auto p = policy();
  EXPECT_EQ(refusal(p.choose("/relay?target=127.0.0.1%3A7878")), "allowed");
  // One sentence, the target not repeated; the list only when the operator says so.
  EXPECT_EQ(refusal(p.choose("/relay?target=127.0.0.1:7879")), "not on this relay's allow-list");
  p.set_explain_allowed(true);
  EXPECT_EQ(refusal(p.choose("/relay?target=127.0.0.1:7879")),
            "not on this relay's allow-list; it allows 127.0.0.1:7878, example.com:80, localhost:7879");
  EXPECT_EQ(std::get<Refused>(p.choose("/relay?target=10.0.0.1:22")).why, Refusal::not_allowed);
  EXPECT_EQ(std::get<Refused>(p.choose("/relay")).why, Refusal::bad_request);
  EXPECT_EQ(std::get<Refused>(p.choose("/relay?target=nonsense")).why, Refusal::bad_request);
  EXPECT_EQ(std::get<Refused>(p.choose("/relay?target=%zz")).why, Refusal::bad_request);
}

TEST(TargetPolicy, TokensNameTargetsAsWebsockifysDo) {
  auto p = policy();
  auto r = p.choose("/relay?token=chat");
  ASSERT_TRUE(std::holds_alternative<net::HostPort>(r));
  EXPECT_EQ(std::get<net::HostPort>(r).to_string(), "127.0.0.1:7878");
  EXPECT_EQ(std::get<Refused>(p.choose("/relay?token=nope")).why, Refusal::unknown_token);
}

TEST(TargetPolicy, NamesMayNotLeadToPrivateAddressesButExplicitOnesMay) {
  auto p = policy();
  auto loopback = *net::SocketAddress::from_numeric("127.0.0.1", 80);
  auto metadata = *net::SocketAddress::from_numeric("169.254.169.254", 80);
  auto outside = *net::SocketAddress::from_numeric("93.184.216.34", 80);
  EXPECT_FALSE(p.address_permitted({"example.com", 80}, loopback)) << "DNS must not turn a name into a way inside";
  EXPECT_FALSE(p.address_permitted({"example.com", 80}, metadata));
  EXPECT_TRUE(p.address_permitted({"example.com", 80}, outside));
  EXPECT_TRUE(p.address_permitted({"127.0.0.1", 7878}, loopback));
  EXPECT_TRUE(p.address_permitted({"localhost", 7879}, loopback));
}

TEST(TargetPolicy, TokenFilesWithBadLinesSayWhichLine) {
  auto bad = parse_tokens("good: 127.0.0.1:1\nbad line\n", "t.cfg");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().context().find("t.cfg:2"), std::string::npos) << bad.error().context();
  EXPECT_FALSE(parse_tokens("x: host:99999\n", "t").ok());
  EXPECT_FALSE(load_token_file("/no/such/file").ok());
}
