#pragma once
// resolve(host, port): the addresses a name stands for. Numeric addresses are
// answered at once; names go to getaddrinfo on the blocking pool
// (spawn_blocking), so a slow lookup never blocks the executor.
#include <cstdint>
#include <string>
#include <vector>

#include "net/socket_address.hpp"
#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::net {

Task<Result<std::vector<SocketAddress>>> resolve(std::string host, std::uint16_t port);

}  // namespace asyncplay::net
