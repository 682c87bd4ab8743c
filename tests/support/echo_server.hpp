#pragma once
// echo_server(listener): a TCP target for relay tests. It writes back
// whatever each connection sends, until that peer shuts down its write half,
// and then shuts down its own.
#include "net/tcp_listener.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/task.hpp"
#include "runtime/task_set.hpp"

namespace asyncplay::testing {

inline Task<void> echo_server(net::TcpListener listener) {
  TaskSet connections;
  while (true) {
    auto socket = co_await listener.accept();
    if (!socket) continue;
    connections.spawn([](net::TcpStream s) -> Task<void> {
      char buf[16384];
      while (true) {
        auto n = co_await s.read(buf);
        if (!n || *n == 0) break;
        if (!co_await s.write_all({buf, *n})) break;
      }
      (void)s.shutdown(net::Shutdown::write);
    }(std::move(*socket)));
  }
}

}  // namespace asyncplay::testing
