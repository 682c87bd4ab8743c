#pragma once
// Everything a relay is told by its command line, with safe defaults.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "net/tls_context.hpp"
#include "relay/target_policy.hpp"

namespace asyncplay::relay {

using namespace std::chrono_literals;

struct RelayLimits {
  std::size_t max_connections = 1024;          // open connections, all clients
  // Handshakes in progress from one address. Only until the upgrade: a
  // classroom behind one NAT address may hold any number of tunnels (up to
  // max_connections), while one address cannot hold many half-sent requests.
  std::size_t max_per_client = 32;
  // Open tunnels from one address: room for a classroom behind one NAT, but
  // not for one client to take every place of max_connections.
  std::size_t max_tunnels_per_client = 256;
  std::chrono::milliseconds handshake_timeout = 10s;  // to send the whole request head
  // A connection that sends no byte at all for this long is cut (408), so a
  // silent one frees its place early; browsers send at once after connecting.
  std::chrono::milliseconds first_byte_timeout = 2s;
  std::chrono::milliseconds connect_timeout = 10s;    // to reach the target
  // Idle: no bytes either way, a page's pong counting as bytes, so a page
  // that answers pings is never idle (a quiet chat is not cut).
  std::chrono::milliseconds idle_timeout = 300s;
  // A ping to the page this often; a page that sends nothing at all (not even
  // a pong) for two intervals is a dead peer and its tunnel ends. 0: no pings.
  std::chrono::milliseconds ping_interval = 30s;
  std::chrono::milliseconds close_timeout = 2s;       // to answer our close frame
  std::size_t max_message = 1 << 20;           // bytes in one WebSocket message from a client
  std::size_t frames_in_flight = 4;            // frames queued to a client before the target is not read
};

struct RelayOptions {
  std::string path = "/relay";        // where WebSocket upgrades are accepted
  TargetPolicy policy{{}, {}};        // deny everything unless told
  std::vector<std::string> origins;   // allowed Origin headers; empty: any
  std::string static_dir;             // serve these files too; empty: none
  std::map<std::string, std::string> generated_files;  // URL path -> body, served before static_dir
  RelayLimits limits;
  // wss:// and https:// with this certificate; null: plain ws:// and http://.
  // Shared, not const: a handshake may find the files changed and reload them.
  std::shared_ptr<net::TlsContext> tls;
  std::FILE* log = stderr;            // one line per tunnel and per refusal; null: none
};

}  // namespace asyncplay::relay
