#pragma once
// The seed's other model: one std::thread per connection, blocking I/O. It
// speaks the same protocol with the same rules (chat/rules.hpp) as the async
// server, so the two can be compared on the same work. A joined group gets its
// own forwarding thread per member, the blocking twin of the async `forward`.
#include <cstdio>

#include "chat/rules.hpp"
#include "runtime/result.hpp"

namespace asyncplay::chat {

struct ThreadServerOptions {
  Limits limits;
  bool nodelay = true;
  std::FILE* log = stderr;
};

// Serves connections on the listening socket `listen_fd` (blocking) until the
// process ends. Returns only when accept fails for good.
Result<void> serve_chat_threads(int listen_fd, ThreadServerOptions options);

}  // namespace asyncplay::chat
