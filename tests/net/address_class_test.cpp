#include "net/address_class.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::net;

namespace {
bool is_public(const char* ip) { return is_public_address(*SocketAddress::from_numeric(ip, 80)); }
}  // namespace

TEST(AddressClass, PublicAddressesArePublic) {
  for (const char* ip : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450::1"}) {
    EXPECT_TRUE(is_public(ip)) << ip;
  }
}

TEST(AddressClass, LoopbackPrivateLinkLocalAndTheRestAreNot) {
  for (const char* ip :
       {"127.0.0.1", "127.255.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1",
        "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::1",
        "2001:db8::1", "64:ff9b:1::a00:1", "::ffff:0:a00:1", "100::1", "2001:0::1", "2001:1ff::1"}) {
    EXPECT_FALSE(is_public(ip)) << ip;
  }
  EXPECT_TRUE(is_public("172.32.0.1"));
  EXPECT_TRUE(is_public("::ffff:8.8.8.8"));
}
