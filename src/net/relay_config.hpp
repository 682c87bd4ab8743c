#pragma once
// Where a browser TcpStream finds its relay: a WebSocket URL such as
// "ws://127.0.0.1:8080/relay", and what the last attempt through it showed.
// Only the browser back end uses it.
#include <string>
#include <string_view>

namespace asyncplay::net {

void set_relay_url(std::string url);  // also forgets the relay's state
const std::string& relay_url();

// untried: no WebSocket opened yet; reachable: the last one was accepted;
// unreachable: the last one failed before the relay answered.
enum class RelayState { untried, reachable, unreachable };
RelayState relay_state();
std::string_view to_string(RelayState state);

}  // namespace asyncplay::net
