#pragma once
// Which addresses are on the public internet. A relay exposed to the internet
// must not become a way into the network it runs in, so it refuses targets
// that resolve to anything else unless its operator named them explicitly.
#include "net/socket_address.hpp"

namespace asyncplay::net {

// False for loopback, private (RFC 1918, fc00::/7), link-local, carrier-grade
// NAT, unspecified, multicast, broadcast, documentation/benchmark and reserved
// ranges, and IPv4-mapped or NAT64 forms of any of those.
bool is_public_address(const SocketAddress& address);

}  // namespace asyncplay::net
