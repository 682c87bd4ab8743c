#include "net/address_class.hpp"

#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace asyncplay::net {
namespace {

bool in(std::uint32_t addr, std::uint32_t net, int bits) {
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
  return (addr & mask) == (net & mask);
}

constexpr std::uint32_t ip(int a, int b, int c, int d) {
  return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | std::uint32_t(d);
}

bool is_public_v4(std::uint32_t a) {
  return !(in(a, ip(0, 0, 0, 0), 8) ||         // "this network", unspecified
           in(a, ip(10, 0, 0, 0), 8) ||        // private
           in(a, ip(100, 64, 0, 0), 10) ||     // carrier-grade NAT
           in(a, ip(127, 0, 0, 0), 8) ||       // loopback
           in(a, ip(169, 254, 0, 0), 16) ||    // link-local (cloud metadata lives here)
           in(a, ip(172, 16, 0, 0), 12) ||     // private
           in(a, ip(192, 0, 0, 0), 24) ||      // IETF protocol assignments
           in(a, ip(192, 0, 2, 0), 24) ||      // documentation
           in(a, ip(192, 168, 0, 0), 16) ||    // private
           in(a, ip(198, 18, 0, 0), 15) ||     // benchmarking
           in(a, ip(198, 51, 100, 0), 24) ||   // documentation
           in(a, ip(203, 0, 113, 0), 24) ||    // documentation
           in(a, ip(224, 0, 0, 0), 4) ||       // multicast
           in(a, ip(240, 0, 0, 0), 4));        // reserved, broadcast
}

std::uint32_t v4_at(const std::uint8_t* bytes) {
  return (std::uint32_t(bytes[0]) << 24) | (std::uint32_t(bytes[1]) << 16) | (std::uint32_t(bytes[2]) << 8) |
         std::uint32_t(bytes[3]);
}

bool is_public_v6(const std::uint8_t* b) {
  static constexpr std::uint8_t zeros[16] = {};
  static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr std::uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  static constexpr std::uint8_t local_nat64[6] = {0, 0x64, 0xff, 0x9b, 0, 0x01};
  static constexpr std::uint8_t siit[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0};
  static constexpr std::uint8_t discard[8] = {0x01, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, zeros, 15) == 0) return false;                         // :: and ::1
  if (std::memcmp(b, mapped, 12) == 0) return is_public_v4(v4_at(b + 12));  // ::ffff:a.b.c.d
  if (std::memcmp(b, nat64, 12) == 0) return is_public_v4(v4_at(b + 12));   // 64:ff9b::a.b.c.d
  if (std::memcmp(b, local_nat64, 6) == 0) return false;                    // 64:ff9b:1::/48, local NAT64
  if (std::memcmp(b, siit, 12) == 0) return is_public_v4(v4_at(b + 12));    // ::ffff:0:a.b.c.d
  if (std::memcmp(b, discard, 8) == 0) return false;                        // 100::/64 discard
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) return false;            // 2001::/23 IETF special
  if (std::memcmp(b, zeros, 12) == 0) return false;                         // deprecated IPv4-compatible
  if ((b[0] & 0xfe) == 0xfc) return false;                                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;                  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;                  // fec0::/10 site-local
  if (b[0] == 0xff) return false;                                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // documentation
  if (b[0] == 0x20 && b[1] == 0x02) return is_public_v4(v4_at(b + 2));             // 6to4
  return true;
}

}  // namespace

bool is_public_address(const SocketAddress& address) {
  if (address.family() == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(address.get());
    return is_public_v4(ntohl(v4->sin_addr.s_addr));
  }
  if (address.family() == AF_INET6) {
    auto* v6 = reinterpret_cast<const sockaddr_in6*>(address.get());
    return is_public_v6(v6->sin6_addr.s6_addr);
  }
  return false;
}

}  // namespace asyncplay::net
