#include "net/host_port.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::net;

TEST(HostPort, ParsesNamesIpv4AndBracketedIpv6) {
  auto a = HostPort::parse("example.com:80");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "example.com");
  EXPECT_EQ(a->port, 80);
  auto b = HostPort::parse("[::1]:7878");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->to_string(), "[::1]:7878");
}

TEST(HostPort, RefusesMalformedInputWithAReason) {
  for (const char* bad : {"", "nohost", ":80", "host:", "host:0", "host:65536", "host:80x", "::1:80", "[::1]80",
                          "[::1", "host:-1"}) {
    auto r = HostPort::parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.error().context().find(bad), std::string::npos) << r.error().context();
    }
  }
}
