#pragma once
// A browser TcpStream over a connection of the in-browser host (both ends:
// a page's `connect local:PORT`, and what the host's listener accepts).
#include <memory>

#include "net/local_connection.hpp"
#include "net/tcp_stream_browser.hpp"

namespace asyncplay::net {

TcpStream stream_from_local(std::unique_ptr<local::Connection> connection);

}  // namespace asyncplay::net
