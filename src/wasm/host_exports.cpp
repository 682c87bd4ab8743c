// The in-browser host (docs/LOCAL_HOST.md): the module a SharedWorker (or, in
// a browser without one, a Worker of the tab chosen as host) runs. The same
// C++ as natively: the book's chat server on local:7878 and the dev stack's
// HTTP endpoint on local:80, each an accept loop that spawns a task per
// connection. Pages reach them with `connect local:7878` and `get local 80 /`.
//   asyncplay_host_start()   once: binds both ports and starts both servers
//   asyncplay_host_watch(on) the live view: 1 starts tracing and returns the
//                            prelude (JSON), 0 stops (wasm/host_trace.hpp)
//   asyncplay_host_take_events(), asyncplay_host_now()   the events since the
//                            last take, and the events' clock now (ms)
// and, for the worker's JavaScript, asyncplay_local_* (net/tcp_stream_local.cpp).
#include <emscripten.h>

#include <cstdio>

#include "chat/server.hpp"
#include "http/hello_server.hpp"
#include "io/browser_loop.hpp"
#include "runtime/executor.hpp"
#include "wasm/host_trace.hpp"

namespace {

using namespace asyncplay;

wasm::HostTrace& host_trace() {
  static wasm::HostTrace trace;
  return trace;
}
std::string handed_out;  // the last JSON handed to JavaScript

Task<void> serve(std::string address, bool chat) {
  auto listener = co_await net::TcpListener::bind(address);
  if (!listener) {
    std::fprintf(stderr, "in-browser host: %s\n", listener.error().message().c_str());
    co_return;
  }
  if (chat) {
    co_await chat::serve_chat(std::move(*listener), chat::ServerOptions{});
  } else {
    co_await http::serve_hello(std::move(*listener));
  }
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void asyncplay_host_start() {
  static bool started = false;
  if (started) return;
  started = true;
  io::use_browser_driver();
  // Detached: the host lives as long as its worker.
  (void)spawn(serve("local:7878", true), "chat server (accept loop)");
  (void)spawn(serve("local:80", false), "http endpoint (accept loop)");
  io::after_browser_event();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* asyncplay_host_watch(int on) {
  if (!on) {
    host_trace().stop();
    return "";
  }
  handed_out = host_trace().watch();
  return handed_out.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* asyncplay_host_take_events() {
  handed_out = host_trace().take();
  return handed_out.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE double asyncplay_host_now() { return host_trace().now(); }
