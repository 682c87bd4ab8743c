#pragma once
// refuse(): closes a tunnel that never started (target refused, not allowed,
// unreachable): our close frame, then the end of our stream, as RFC 6455
// 7.1.1 has the server close TCP first. Done as soon as the page answers (or
// closes); the options' close_timeout only bounds a page that never does.
#include <cstdint>
#include <string>

#include "net/tcp_stream.hpp"
#include "relay/options.hpp"
#include "runtime/task.hpp"

namespace asyncplay::relay {

// `early`: the bytes that came with the request head, read before the socket.
Task<void> refuse(net::TcpStream& client, std::string early, std::uint16_t code, const std::string& reason,
                  const RelayOptions& options);

}  // namespace asyncplay::relay
