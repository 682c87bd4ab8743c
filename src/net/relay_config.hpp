#pragma once
// Where a browser TcpStream finds its relay: a WebSocket URL such as
// "ws://127.0.0.1:8080/relay". Only the browser back end uses it.
#include <string>

namespace asyncplay::net {

void set_relay_url(std::string url);
const std::string& relay_url();

}  // namespace asyncplay::net
