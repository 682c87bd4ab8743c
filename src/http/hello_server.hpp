#pragma once
// A small HTTP endpoint for `asyncplay dev`, something for `get` to fetch:
//   GET /        200, a short text naming the path asked for
//   GET /slow    200 after a second (for a race or a timeout it can lose:
//                run race(sleep(100ms), get(http://127.0.0.1:7879/slow)))
//   GET /never   holds the connection open without answering (for trying
//                Ctrl-C on a request that never completes), at most 10 minutes
#include "net/tcp_listener.hpp"
#include "runtime/task.hpp"

namespace asyncplay::http {

Task<void> serve_hello(net::TcpListener listener);

}  // namespace asyncplay::http
