// A browser TcpStream through the relay: each stream is a WebSocket to the
// relay (docs/RELAY.md), opened with Emscripten's WebSocket API. The socket's
// callbacks copy what arrives, wake the waiting futures and let the executor
// run (after_browser_event); nothing polls.
//
// A stream's phases:
//   opening ──open (binary) or "connected" (asyncplay.tcp.v1)──> open ──close──> closed
//   opening ──close──> closed before open: connect fails with the relay's words
#include <emscripten/websocket.h>

#include <deque>
#include <optional>

#include "http/query.hpp"
#include "io/browser_loop.hpp"
#include "net/host_port.hpp"
#include "net/relay_config.hpp"
#include "net/relay_protocol.hpp"
#include "net/tcp_stream_browser.hpp"
#include "runtime/executor.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::net {

namespace rp = relay_protocol;

namespace {
struct WebSocketStream final : detail::StreamState {
  EMSCRIPTEN_WEBSOCKET_T socket = 0;
  std::string target;                  // "host:port", for messages
  std::string relay;                   // the relay URL it went through
  bool tcp_protocol = false;           // asyncplay.tcp.v1 (half-close) rather than binary
  bool answered = false;               // the relay accepted the WebSocket handshake
  enum class Phase { opening, open, closed } phase = Phase::opening;
  bool eof = false;                    // the target ended its stream
  std::deque<std::string> incoming;    // received bytes not yet read
  std::size_t offset = 0;              // read position in incoming.front()
  std::uint16_t close_code = 0;
  std::string close_reason;
  Waker reader, writer, opener;        // the futures waiting on this stream
  std::optional<JoinHandle<void>> backoff;  // wakes `writer` to look at bufferedAmount again

  ~WebSocketStream() override {
    if (backoff) backoff->cancel();  // it points at this state
    if (!socket) return;
    if (phase != Phase::closed) emscripten_websocket_close(socket, 1000, "");
    emscripten_websocket_delete(socket);  // also detaches our callbacks
  }
  void wake_all() {
    for (Waker* w : {&reader, &writer, &opener}) {
      Waker taken = std::move(*w);
      taken.wake();
    }
  }
  // "connect 127.0.0.1:7878 via relay ws://…/relay: target not allowed"
  Error failure(const std::string& what) const {
    // The relay's reason is the more exact of its two words for a close: one of them, said once.
    std::string words = !answered ? "relay unreachable (nothing accepted the WebSocket: is the relay running, and "
                                    "does it allow this page's origin?)"
                        : close_reason.empty() ? std::string(rp::describe_close_code(close_code))
                                               : close_reason;
    // Refused by the relay's own rules (the allow-list): the asker's to change.
    bool not_allowed = close_code == rp::close_code::not_allowed || close_code == rp::close_code::unknown_token ||
                       close_code == rp::close_code::private_address;
    auto code = not_allowed ? std::errc::permission_denied
                : close_code == rp::close_code::refused ? std::errc::connection_refused
                : close_code == rp::close_code::connect_timeout ? std::errc::timed_out
                : phase == Phase::closed && close_code == 1000 ? std::errc::connection_reset
                                                                : std::errc::connection_aborted;
    return Error::sentence(code, what + " " + target + " via relay " + relay + ": " + words);
  }

  Poll<Result<std::size_t>> poll_read(Context& cx, std::span<char> buffer) override;
  Poll<Result<std::size_t>> poll_write(Context& cx, std::span<const char> data) override;
  Result<void> shutdown(Shutdown how) override;
  std::string peer_name() const override { return target; }
};

std::string& configured_relay() {
  static std::string url = "ws://127.0.0.1:8080/relay";
  return url;
}

RelayState last_relay_state = RelayState::untried;

// What a stream's outcome says about the relay, if it went through the one
// configured now.
void note_relay_state(const WebSocketStream& s, RelayState state) {
  if (s.relay == configured_relay()) last_relay_state = state;
}

constexpr std::uint64_t kHighWater = 1 << 20;  // bytes buffered in the WebSocket before writes wait

EM_BOOL on_open(int, const EmscriptenWebSocketOpenEvent*, void* data) {
  auto* s = static_cast<WebSocketStream*>(data);
  char protocol[64] = {};
  emscripten_websocket_get_protocol(s->socket, protocol, sizeof protocol);
  s->tcp_protocol = std::string_view(protocol) == rp::kTcp;
  s->answered = true;
  note_relay_state(*s, RelayState::reachable);
  if (!s->tcp_protocol) {  // binary: open means connected; with ours, "connected" says so
    s->phase = WebSocketStream::Phase::open;
    CauseScope cause({WakeCause::Kind::websocket, "open", s->socket});
    s->wake_all();
  }
  io::after_browser_event();
  return EM_TRUE;
}

EM_BOOL on_message(int, const EmscriptenWebSocketMessageEvent* event, void* data) {
  auto* s = static_cast<WebSocketStream*>(data);
  WakeCause why{WakeCause::Kind::websocket, "message", s->socket, static_cast<std::int64_t>(event->numBytes)};
  if (!event->isText) {
    s->incoming.emplace_back(reinterpret_cast<const char*>(event->data), event->numBytes);  // copied: the buffer is freed after
  } else {
    std::string_view text(reinterpret_cast<const char*>(event->data));
    why.amount = -1;
    why.what = "message (a relay control text)";
    if (text == rp::kConnected) {
      s->phase = WebSocketStream::Phase::open;
      why.what = "message \"connected\" (the relay reached the target)";
    }
    if (text == rp::kEof) {
      s->eof = true;
      why.what = "message \"eof\" (the target ended its stream)";
    }
  }
  CauseScope cause(why);
  s->wake_all();
  io::after_browser_event();
  return EM_TRUE;
}

EM_BOOL on_close(int, const EmscriptenWebSocketCloseEvent* event, void* data) {
  auto* s = static_cast<WebSocketStream*>(data);
  s->close_code = event->code;
  s->close_reason = event->reason;
  // Closed before the handshake completed: no relay there, or it refused the upgrade.
  if (!s->answered) {
    note_relay_state(*s, RelayState::unreachable);
  }
  s->phase = WebSocketStream::Phase::closed;
  s->eof = true;
  CauseScope cause({WakeCause::Kind::websocket, "close", s->socket, event->code});
  s->wake_all();
  io::after_browser_event();
  return EM_TRUE;
}

// Ready once the relay says the TCP connection is up, or it closed.
struct Opened {
  WebSocketStream& s;
  using Output = void;
  Poll<void> poll(Context& cx) {
    if (s.phase != WebSocketStream::Phase::opening) return ready();
    s.opener.set(cx.waker());
    if (auto* trace = cx.trace()) trace->waits_for("WebSocket", s.socket, "open");
    return pending;  // woken by on_open / on_message("connected") / on_close
  }
};

}  // namespace

void set_relay_url(std::string url) {
  configured_relay() = std::move(url);
  last_relay_state = RelayState::untried;
}
const std::string& relay_url() { return configured_relay(); }
RelayState relay_state() { return last_relay_state; }

std::string_view to_string(RelayState state) {
  switch (state) {
    case RelayState::untried: return "not tried yet";
    case RelayState::reachable: return "reachable";
    case RelayState::unreachable: return "unreachable";
  }
  return "?";
}

Task<Result<TcpStream>> connect_through_relay(std::string host, std::uint16_t port) {
  io::use_browser_driver();
  auto state = std::make_unique<WebSocketStream>();
  state->target = HostPort{host, port}.to_string();
  state->relay = relay_url();
  std::string url = state->relay + (state->relay.find('?') == std::string::npos ? "?" : "&") +
                    "target=" + http::percent_encode(state->target);
  // `binary` first: websockify 0.10 splits the browser's "a, b" without
  // trimming, so only the first entry can match it; our relay picks
  // asyncplay.tcp.v1 wherever it is in the list.
  std::string protocols = std::string(rp::kBinary) + "," + std::string(rp::kTcp);
  EmscriptenWebSocketCreateAttributes attributes;
  emscripten_websocket_init_create_attributes(&attributes);
  attributes.url = url.c_str();
  attributes.protocols = protocols.c_str();
  EMSCRIPTEN_WEBSOCKET_T socket = emscripten_websocket_new(&attributes);
  if (socket <= 0) co_return Error(std::errc::invalid_argument, "connect " + state->target + ": bad relay URL " + url);
  state->socket = socket;
  emscripten_websocket_set_onopen_callback(socket, state.get(), on_open);
  emscripten_websocket_set_onmessage_callback(socket, state.get(), on_message);
  emscripten_websocket_set_onclose_callback(socket, state.get(), on_close);
  co_await Opened{*state};
  if (state->phase != WebSocketStream::Phase::open) co_return state->failure("connect");
  co_return TcpStream(detail::StreamStatePtr(state.release()));
}

Poll<Result<std::size_t>> WebSocketStream::poll_read(Context& cx, std::span<char> buffer) {
  WebSocketStream& s = *this;
  if (!s.incoming.empty()) {
    std::size_t n = 0;
    while (n < buffer.size() && !s.incoming.empty()) {
      std::string& front = s.incoming.front();
      std::size_t take = std::min(buffer.size() - n, front.size() - s.offset);
      std::copy_n(front.data() + s.offset, take, buffer.data() + n);
      n += take;
      s.offset += take;
      if (s.offset == front.size()) {
        s.incoming.pop_front();
        s.offset = 0;
      }
    }
    return Result<std::size_t>(n);
  }
  if (s.eof && (s.close_code == 0 || s.close_code == 1000 || s.close_code == 1005)) return Result<std::size_t>(0);
  if (s.phase == WebSocketStream::Phase::closed) return Result<std::size_t>(s.failure("read from"));
  s.reader.set(cx.waker());
  if (auto* trace = cx.trace()) trace->waits_for("WebSocket", s.socket, "message");
  return pending;  // woken by on_message or on_close
}

Poll<Result<std::size_t>> WebSocketStream::poll_write(Context& cx, std::span<const char> data) {
  WebSocketStream& s = *this;
  if (s.phase == WebSocketStream::Phase::closed) return Result<std::size_t>(s.failure("write to"));
  unsigned long long buffered = 0;
  emscripten_websocket_get_buffered_amount(s.socket, &buffered);
  if (buffered > kHighWater) {
    // The WebSocket API has no "drained" event: look again shortly, only
    // while this write is held back.
    s.writer.set(cx.waker());
    if (!s.backoff || s.backoff->is_finished()) {
      s.backoff = spawn([](WebSocketStream* state) -> Task<void> {
        co_await sleep(std::chrono::milliseconds(10));
        Waker w = std::move(state->writer);
        w.wake();
      }(&s), "write backoff");
    }
    if (auto* trace = cx.trace()) {
      trace->waits_for("WebSocket", s.socket, "writable (over 1 MiB buffered)");
    }
    return pending;  // woken by the backoff timer above, or on_close
  }
  emscripten_websocket_send_binary(s.socket, const_cast<char*>(data.data()), static_cast<std::uint32_t>(data.size()));
  return Result<std::size_t>(data.size());
}

Result<void> WebSocketStream::shutdown(Shutdown how) {
  WebSocketStream& s = *this;
  if (how == Shutdown::read) return {};
  if (!s.tcp_protocol) {
    return Error(std::errc::operation_not_supported,
                 "shutdown " + s.target + ": the relay's 'binary' subprotocol cannot half-close");
  }
  if (s.phase != WebSocketStream::Phase::open) return s.failure("shutdown");
  emscripten_websocket_send_utf8_text(s.socket, std::string(rp::kEof).c_str());
  if (how == Shutdown::both) emscripten_websocket_close(s.socket, 1000, "");
  return {};
}

}  // namespace asyncplay::net
