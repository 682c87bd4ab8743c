#include "net/resolve.hpp"

#include <netdb.h>

#include <cerrno>

#include "runtime/spawn_blocking.hpp"

namespace asyncplay::net {
namespace {

// getaddrinfo's codes are not errno values; this category gives them their words.
class LookupCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "name lookup"; }
  std::string message(int code) const override { return gai_strerror(code); }
};
const LookupCategory lookup_category;

}  // namespace

Task<Result<std::vector<SocketAddress>>> resolve(std::string host, std::uint16_t port) {
  if (auto numeric = SocketAddress::from_numeric(host, port)) {
    co_return std::vector<SocketAddress>{*numeric};
  }
  auto lookup = [host, port]() -> Result<std::vector<SocketAddress>> {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    if (rc != 0) {
      if (rc == EAI_SYSTEM) return errno_error(errno, "resolve '" + host + "'");
      return Error(std::error_code(rc, lookup_category), "resolve '" + host + "'");
    }
    std::vector<SocketAddress> out;
    for (addrinfo* a = found; a; a = a->ai_next) out.emplace_back(a->ai_addr, a->ai_addrlen);
    freeaddrinfo(found);
    return out;
  };
  // Kept out of the co_await expression: g++ 12 mishandles lambda temporaries there.
  auto lookup_done = spawn_blocking(std::move(lookup));
  co_return co_await lookup_done;
}

}  // namespace asyncplay::net
