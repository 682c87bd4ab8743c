#pragma once
// The async chat server: the book's accept loop, one task per connection, all on
// one thread. Each connection has a reader (requests) and a writer, which
// takes what the connection is owed from its Mailbox: the lines of its groups
// straight from each group's ring, and its own error replies, in order. A
// member too slow to keep up lags in that group (and is told so) without
// slowing anyone else.
#include <chrono>
#include <cstdio>

#include "chat/group_table.hpp"
#include "net/tcp_listener.hpp"
#include "runtime/driver.hpp"
#include "runtime/task.hpp"

namespace asyncplay::chat {

class GroupBus;

struct ServerOptions {
  Limits limits;
  bool nodelay = true;        // TCP_NODELAY on every connection
  std::FILE* log = stderr;    // one line per connection event; null for none
  GroupBus* bus = nullptr;    // groups shared with other servers (Redis); null: this server's own
  // A member whose socket takes no byte of a write for this long is dropped
  // (one that keeps taking bytes, however slowly, is not).
  Clock::duration write_stall = std::chrono::seconds(30);
};

// Accepts and serves connections until cancelled; cancelling it ends every
// connection it started.
Task<void> serve_chat(net::TcpListener listener, ServerOptions options);

}  // namespace asyncplay::chat
