// The browser's TcpStream to and from the in-browser host (docs/LOCAL_HOST.md),
// and the glue between local::Connection and the page's JavaScript:
//   C++ -> JS   Module.asyncplayLocal.open(id, port) and .send(id, kind, bytes, amount)
//   JS -> C++   asyncplay_local_buffer(len), asyncplay_local_event(id, kind, ptr, len, amount),
//               asyncplay_local_accept(port, page)
// JavaScript delivers each message from a fresh task of its event loop (a
// MessagePort's message event), never from inside a send.
#include "net/tcp_stream_local.hpp"

#include <emscripten.h>
#include <malloc.h>

#include <string>

#include "io/browser_loop.hpp"
#include "net/local_listener.hpp"
#include "runtime/time/timeout.hpp"

namespace asyncplay::net {
namespace {

using namespace std::chrono_literals;

// clang-format off (it would split JavaScript's operators)
EM_JS(int, asyncplay_local_open_js, (int id, int port), {
  try {
    if (!Module.asyncplayLocal) return 0;
    return Module.asyncplayLocal.open(id, port) === false ? 0 : 1;
  } catch (error) {
    console.error("in-browser host: " + error);
    return 0;  // never an exception through the wasm stack
  }
});

EM_JS(void, asyncplay_local_send_js, (int id, int kind, const char* data, int len, int amount), {
  if (Module.asyncplayLocal) Module.asyncplayLocal.send(id, kind, HEAPU8.slice(data, data + len), amount >>> 0);
});
// clang-format on

class JavaScriptLink final : public local::Link {
 public:
  bool open(int id, std::uint16_t port) override { return asyncplay_local_open_js(id, port) != 0; }
  void send(int id, local::Kind kind, std::string_view bytes, std::uint32_t amount) override {
    asyncplay_local_send_js(id, static_cast<int>(kind), bytes.data(), static_cast<int>(bytes.size()),
                            static_cast<int>(amount));
  }
};

void use_javascript_link() {
  static JavaScriptLink link;
  if (!local::link()) local::set_link(&link);
}

struct LocalStream final : detail::StreamState {
  explicit LocalStream(std::unique_ptr<local::Connection> c) : connection(std::move(c)) {}
  Poll<Result<std::size_t>> poll_read(Context& cx, std::span<char> buffer) override {
    return connection->poll_read(cx, buffer);  // Pending: woken by the connection's next message
  }
  Poll<Result<std::size_t>> poll_write(Context& cx, std::span<const char> data) override {
    return connection->poll_write(cx, data);  // Pending: woken by the reader's credit
  }
  Result<void> shutdown(Shutdown how) override { return connection->shutdown(how); }
  std::string peer_name() const override { return connection->name(); }
  std::unique_ptr<local::Connection> connection;
};

struct Opened {
  local::Connection& connection;
  using Output = Result<void>;
  Poll<Output> poll(Context& cx) { return connection.poll_open(cx); }  // Pending: woken by accepted / refused
};

std::string scratch;  // what asyncplay_local_buffer lent JavaScript for the next event

}  // namespace

TcpStream stream_from_local(std::unique_ptr<local::Connection> connection) {
  return TcpStream(detail::StreamStatePtr(new LocalStream(std::move(connection))));
}

Task<Result<TcpStream>> connect_local(std::uint16_t port) {
  io::use_browser_driver();
  use_javascript_link();
  std::string target = std::string(kLocalHost) + ":" + std::to_string(port);
  auto connection = std::make_unique<local::Connection>(target, local::Connection::Side::connecting);
  if (!local::link()->open(connection->id(), port)) {
    co_return Error::sentence(
        std::errc::network_unreachable,
        "connect " + target + ": this page has no in-browser host (it could not be started)");
  }
  auto opened = co_await timeout(10s, Opened{*connection});
  if (!opened && opened.error().is(std::errc::timed_out)) {
    co_return Error::sentence(std::errc::timed_out,
                              "connect " + target + ": the in-browser host did not answer within 10 s");
  }
  if (!opened) co_return opened.error();
  co_return stream_from_local(std::move(connection));
}

}  // namespace asyncplay::net

extern "C" {

// A buffer of `len` bytes for the next asyncplay_local_event to read.
EMSCRIPTEN_KEEPALIVE char* asyncplay_local_buffer(int len) {
  if (len < 0 || static_cast<std::size_t>(len) > asyncplay::net::local::kMaxMessage) return nullptr;
  asyncplay::net::scratch.resize(static_cast<std::size_t>(len));
  return asyncplay::net::scratch.data();
}

// A message for connection `id`. 1: delivered; 0: no such connection (it
// ended: the message was late); -1: the message broke the rules, and the
// connection ended.
EMSCRIPTEN_KEEPALIVE int asyncplay_local_event(int id, int kind, const char* data, int len, int amount) {
  namespace local = asyncplay::net::local;
  std::string_view bytes;
  if (data && len > 0 && static_cast<std::size_t>(len) <= local::kMaxMessage)
    bytes = std::string_view(data, len);
  auto delivery = local::deliver(id, kind, bytes, static_cast<std::uint32_t>(amount));
  asyncplay::io::after_browser_event();
  return delivery == local::Delivery::delivered            ? 1
         : delivery == local::Delivery::unknown_connection ? 0
                                                           : -1;
}

// A page asks to connect to `port` of this host; `page` numbers it for the
// connection's name. The new connection's id, or -1: refused.
EMSCRIPTEN_KEEPALIVE int asyncplay_local_accept(int port, int page) {
  if (port < 1 || port > 65535) return -1;
  asyncplay::io::use_browser_driver();
  asyncplay::net::use_javascript_link();
  // Not run here: JavaScript maps the id and answers `accepted` first, then
  // calls asyncplay_tick, so what the server writes at once finds its way.
  return asyncplay::net::local::Listener::connect_from_link(
      static_cast<std::uint16_t>(port), "page " + std::to_string(page) + " (in this browser)");
}

// Bytes of this module's heap in use (malloc's own count), for the tests
// and figures that say what a connection costs.
EMSCRIPTEN_KEEPALIVE double asyncplay_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // extern "C"
