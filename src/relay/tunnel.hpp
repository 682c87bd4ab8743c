#pragma once
// A tunnel: one upgraded WebSocket connection and the TCP connection it asked
// for, relayed both ways until either side ends it.
#include <cstdint>
#include <string>
#include <string_view>

#include "net/tcp_stream.hpp"
#include "relay/options.hpp"
#include "runtime/task.hpp"

namespace asyncplay::relay {

struct TunnelReport {
  std::string target;           // as asked for: "127.0.0.1:7878", or "?" when refused early
  std::uint64_t bytes_up = 0;   // page -> target
  std::uint64_t bytes_down = 0; // target -> page
  std::uint16_t close_code = 0; // the close code sent, or 0 if the client just vanished
  std::string reason;
};

// `early` holds bytes that arrived with the request head (WebSocket frames).
Task<TunnelReport> run_tunnel(net::TcpStream& client, std::string early, std::string request_target,
                              std::string_view protocol, const RelayOptions& options);

}  // namespace asyncplay::relay
