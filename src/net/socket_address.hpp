#pragma once
// SocketAddress: an IPv4 or IPv6 address and port, as the kernel takes it.
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>

namespace asyncplay::net {

class SocketAddress {
 public:
  SocketAddress() = default;
  SocketAddress(const sockaddr* addr, socklen_t len);
  // A numeric IPv4 or IPv6 address; nullopt when `host` is a name.
  static std::optional<SocketAddress> from_numeric(const std::string& host, std::uint16_t port);

  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t size() const { return len_; }
  int family() const { return storage_.ss_family; }
  std::uint16_t port() const;
  std::string to_string() const;  // "127.0.0.1:80", "[::1]:80"

 private:
  sockaddr_storage storage_{};
  socklen_t len_ = 0;
};

}  // namespace asyncplay::net
