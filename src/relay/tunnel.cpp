// A tunnel's life:
//   connecting ──ok──> relaying ──close sent or received──> closing ──> done
//        └──refused/failed: close frame with a 4000-range code──> closing
// While relaying, four futures race: pump_up (page -> target), pump_down
// (target -> page), write_frames (the only writer to the page) and watchdog
// (idle and closing deadlines). Each direction reads only after its last
// write finished, and frames to the page wait in a small bounded queue: when
// one side stops reading, the relay stops reading the other (backpressure).
#include "relay/tunnel.hpp"

#include <algorithm>
#include <optional>

#include "net/buf_reader.hpp"
#include "net/printable.hpp"
#include "net/relay_protocol.hpp"
#include "net/resolve.hpp"
#include "net/tcp_stream_native.hpp"
#include "relay/refusal.hpp"
#include "relay/target_policy.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/sync/mpsc.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"
#include "ws/frame.hpp"
#include "ws/receiver.hpp"

namespace asyncplay::relay {
namespace {

namespace rp = net::relay_protocol;

// The relay's own read buffer, shared by every tunnel on this thread: each
// read is copied out (into the receiver or a frame) before anything waits.
// 64 KiB rather than BufReader's 16 KiB: a quarter of the system calls when
// streaming, and nothing per tunnel.
std::span<char> relay_buffer() {
  constexpr std::size_t kSize = 64 * 1024;
  thread_local std::unique_ptr<char[]> buffer;
  if (!buffer) buffer = std::make_unique<char[]>(kSize);
  return {buffer.get(), kSize};
}

// Raised once; a future waits for it (the watchdog, for "closing has begun").
struct Signal {
  bool raised = false;
  Waker waiter;
  void raise() {
    raised = true;
    Waker w = std::move(waiter);
    w.wake();
  }
  struct Wait {
    Signal& signal;
    using Output = void;
    Poll<void> poll(Context& cx) {
      if (signal.raised) return ready();
      signal.waiter.set(cx.waker());
      if (auto* trace = cx.trace()) trace->waits_for("the tunnel's closing signal");
      return pending;  // woken by Signal::raise
    }
  };
};

struct Tunnel {
  Tunnel(net::TcpStream& client_socket, net::TcpStream target_socket, const RelayOptions& opts, bool tcp,
         mpsc::Sender<std::string> frames)
      : client(client_socket), target(std::move(target_socket)), options(opts), tcp_protocol(tcp),
        to_client(std::move(frames)) {}

  net::TcpStream& client;
  std::optional<net::TcpStream> target;
  const RelayOptions& options;
  bool tcp_protocol;
  mpsc::Sender<std::string> to_client;  // encoded frames for write_frames
  TunnelReport report;
  bool close_queued = false;    // we sent (or queued) our close frame
  bool close_written = false;   // ... and it reached the socket
  bool close_received = false;  // the page's close frame arrived
  bool up_eof = false;          // page said "eof": the target's write half is shut
  bool down_eof = false;        // the target ended its stream
  Clock::time_point last_activity = Clock::now();   // bytes either way
  Clock::time_point next_ping = Clock::now() + options.limits.ping_interval;
  // Keepalive: when the first ping the page has not answered (with any bytes)
  // was written; a ping that could not be queued is written by write_frames
  // between data frames (ping_due); while the relay is writing the page's
  // bytes to a slow target it is not reading the page, so no verdict then.
  // A page still reading what we sent (the socket's unacknowledged bytes
  // shrink) is there too: its pong waits behind that data.
  std::optional<Clock::time_point> unanswered_since;
  std::size_t unacknowledged = 0;
  bool ping_due = false;
  bool writing_up = false;
  Clock::time_point closing_deadline{};
  Signal closing;

  // Marks the tunnel closing (once): the report, the deadline by which the
  // page must answer, and a wake for the watchdog. False if already closing.
  bool start_closing(std::uint16_t code, std::string reason) {
    if (close_queued) return false;
    close_queued = true;
    report.close_code = code;
    report.reason = std::move(reason);
    closing_deadline = Clock::now() + options.limits.close_timeout;
    closing.raise();
    return true;
  }

  // Queues our close frame behind the data already queued (so nothing sent
  // before it is lost). Waiting for room here never keeps the tunnel alive:
  // the closing deadline is already running.
  Task<void> close(std::uint16_t code, std::string reason) {
    if (!start_closing(code, reason)) co_return;
    co_await to_client.send(ws::encode_close(code, report.reason));
  }

  // The same without waiting, for the watchdog: if the queue is full the page
  // is not reading, and the closing deadline ends the tunnel anyway.
  void close_now(std::uint16_t code, std::string reason) {
    if (!start_closing(code, reason)) return;
    std::string frame = ws::encode_close(code, report.reason);
    (void)to_client.try_send(frame);
  }
};

std::uint16_t close_code_for_connect(const Error& error) {
  if (error.is(std::errc::connection_refused)) return rp::close_code::refused;
  if (error.is(std::errc::timed_out)) return rp::close_code::connect_timeout;
  return rp::close_code::connect_failed;
}

std::uint16_t close_code_for(Refusal why) {
  switch (why) {
    case Refusal::bad_request: return rp::close_code::bad_request;
    case Refusal::not_allowed: return rp::close_code::not_allowed;
    case Refusal::unknown_token: return rp::close_code::unknown_token;
    case Refusal::private_address: return rp::close_code::private_address;
  }
  return rp::close_code::bad_request;
}

// Resolves, filters by policy and connects; on failure says how to close.
Task<std::variant<net::TcpStream, std::pair<std::uint16_t, std::string>>> connect_target(
    const net::HostPort& target, const RelayOptions& options) {
  using Failed = std::pair<std::uint16_t, std::string>;
  auto deadline = Clock::now() + options.limits.connect_timeout;
  auto lookup = net::resolve(target.host, target.port);
  auto addresses = co_await timeout(options.limits.connect_timeout, std::move(lookup));
  if (!addresses) {
    if (addresses.error().is(std::errc::timed_out)) co_return Failed{rp::close_code::connect_timeout, "lookup timed out"};
    co_return Failed{rp::close_code::lookup_failed, "host not found"};
  }
  std::optional<Error> last;
  bool any_permitted = false;
  for (const auto& address : *addresses) {
    if (!options.policy.address_permitted(target, address)) continue;
    any_permitted = true;
    auto attempt = net::connect_address(address);
    auto stream = co_await timeout(std::max(Clock::duration::zero(), deadline - Clock::now()), std::move(attempt));
    if (stream) co_return std::move(*stream);
    last = stream.error();
  }
  if (!any_permitted) co_return Failed{rp::close_code::private_address, "target resolves to a private address"};
  co_return Failed{close_code_for_connect(*last), std::string(rp::describe_close_code(close_code_for_connect(*last)))};
}

Task<void> handle_event(Tunnel& t, ws::Receiver::Event& event) {
  using Kind = ws::Receiver::Event::Kind;
  switch (event.kind) {
    case Kind::binary: {
      if (t.up_eof || t.close_queued) co_return;  // nothing may follow "eof"; after our close, drop
      t.report.bytes_up += event.data.size();
      t.writing_up = true;
      auto written = co_await t.target->write_all(event.data);
      t.writing_up = false;
      t.unanswered_since.reset();  // its pongs waited unread meanwhile
      if (!written) co_await t.close(rp::close_code::target_error, "writing to the target failed");
      co_return;
    }
    case Kind::text:
      if (t.tcp_protocol && event.data == rp::kEof && !t.up_eof) {
        t.up_eof = true;
        (void)t.target->shutdown(net::Shutdown::write);
        if (t.down_eof) co_await t.close(ws::close_code::normal, "both sides finished");
      } else {
        co_await t.close(ws::close_code::unsupported_data, "text messages are not relayed");
      }
      co_return;
    case Kind::ping:
      if (!t.close_queued) co_await t.to_client.send(ws::encode_frame(ws::Opcode::pong, event.data));
      co_return;
    case Kind::pong:
      co_return;
    case Kind::close:
      t.close_received = true;
      if (!t.close_queued) {
        std::uint16_t echo = event.close_code == ws::close_code::no_status ? ws::close_code::normal : event.close_code;
        co_await t.close(echo, "closed by the page");
      }
      co_return;
  }
}

// Page -> target. Ends the tunnel when the page's connection ends, or when the
// close handshake completes here.
Task<void> pump_up(Tunnel& t, std::string early) {
  ws::Receiver receiver({t.options.limits.max_message, true});
  std::vector<ws::Receiver::Event> events;
  bool receiving = true;  // false after a protocol error: the rest is discarded
  while (true) {
    // Bytes are fed straight from the scratch buffer: the receiver copies what
    // it keeps before anything here waits, so nothing else can overwrite them.
    std::string_view chunk = early;
    if (chunk.empty()) {
      auto scratch = relay_buffer();
      auto n = co_await t.client.read(scratch);
      if (!n || *n == 0) {
        if (!t.close_queued) t.report.reason = n ? "the page closed the connection" : n.error().message();
        co_return;
      }
      chunk = {scratch.data(), *n};
      t.last_activity = Clock::now();
      t.unanswered_since.reset();  // the page is there
    }
    if (!receiving || t.close_received) {
      early.clear();
      continue;
    }
    events.clear();
    auto error = receiver.feed(chunk, events);
    early.clear();
    for (auto& event : events) {
      co_await handle_event(t, event);
      if (t.close_received) break;
    }
    if (error) {
      receiving = false;
      co_await t.close(error->close_code, error->reason);
    }
    if (t.close_received && t.close_written) co_return;  // we closed first; the page answered
  }
}

// Target -> page.
Task<void> pump_down(Tunnel& t) {
  while (!t.close_queued) {
    auto scratch = relay_buffer();
    auto n = co_await t.target->read(scratch);
    if (!n) {
      co_await t.close(rp::close_code::target_error, "reading from the target failed");
      break;
    }
    if (*n == 0) {
      t.down_eof = true;
      if (!t.tcp_protocol) {
        co_await t.close(ws::close_code::normal, "the target closed the connection");
      } else {
        co_await t.to_client.send(ws::encode_frame(ws::Opcode::text, rp::kEof));
        if (t.up_eof) co_await t.close(ws::close_code::normal, "both sides finished");
      }
      break;
    }
    t.last_activity = Clock::now();
    t.report.bytes_down += *n;
    co_await t.to_client.send(ws::encode_frame(ws::Opcode::binary, {scratch.data(), *n}));
  }
  co_await never();  // the other futures decide when the tunnel ends
}

// A ping to the page, once written: the keepalive clock starts.
void note_ping_written(Tunnel& t) {
  if (!t.unanswered_since) t.unanswered_since = Clock::now();
}

bool is_opcode(const std::string& frame, ws::Opcode opcode) {
  return (static_cast<unsigned char>(frame[0]) & 0x0f) == static_cast<unsigned>(opcode);
}

// The only writer to the page. Ends the tunnel on a write error, or once our
// close frame is written after the page's close arrived. A ping that found
// the queue full goes out between data frames.
Task<void> write_frames(Tunnel& t, mpsc::Receiver<std::string> frames) {
  while (auto frame = co_await frames.recv()) {
    if (t.close_written) continue;  // nothing goes after a close frame
    bool is_close = is_opcode(*frame, ws::Opcode::close);
    auto written = co_await t.client.write_all(*frame);
    if (!written) {
      if (t.report.reason.empty()) t.report.reason = "writing to the page failed";
      co_return;
    }
    if (is_opcode(*frame, ws::Opcode::ping)) note_ping_written(t);
    if (is_close) {
      t.close_written = true;
      if (t.close_received) co_return;
      // Nothing more from us: the end of our stream tells a page that waits
      // for the server to close TCP (RFC 6455 7.1.1) that it may, also after
      // a protocol error, when the page's answer can no longer be read.
      (void)t.client.shutdown(net::Shutdown::write);
      continue;
    }
    if (t.ping_due && !t.close_queued) {
      t.ping_due = false;
      if (!co_await t.client.write_all(ws::encode_frame(ws::Opcode::ping, {}))) co_return;
      note_ping_written(t);
    }
  }
}

std::string seconds_of(Clock::duration d) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// Ends idle tunnels, tunnels whose page stopped answering pings (a dead peer:
// a phone that lost its network sends no FIN), and tunnels whose page does not
// answer our close in time. Pings go through the frame queue, behind data.
Task<void> watchdog(Tunnel& t) {
  const auto interval = t.options.limits.ping_interval;
  const bool pinging = interval > Clock::duration::zero();
  while (true) {
    if (t.close_queued) {
      co_await sleep_until(t.closing_deadline);
      if (t.report.reason.empty()) t.report.reason = "the page did not answer the close";
      co_return;
    }
    auto now = Clock::now();
    auto idle_end = t.last_activity + t.options.limits.idle_timeout;
    if (now >= idle_end) {
      t.close_now(rp::close_code::idle_timeout, "idle for " + seconds_of(t.options.limits.idle_timeout));
      continue;
    }
    auto wake_at = idle_end;
    if (pinging) {
      std::size_t unacknowledged = t.client.unacknowledged_bytes();
      if (unacknowledged < t.unacknowledged) t.unanswered_since.reset();  // it acknowledged data: it reads
      t.unacknowledged = unacknowledged;
      // Dead: a ping written two intervals ago, and since then not a byte from
      // the page nor one of ours acknowledged.
      if (t.unanswered_since && !t.writing_up) {
        auto dead_at = *t.unanswered_since + 2 * interval;
        if (now >= dead_at) {
          t.close_now(rp::close_code::idle_timeout, "no answer to pings for " + seconds_of(2 * interval));
          continue;
        }
        wake_at = std::min(wake_at, dead_at);
      }
      if (now >= t.next_ping) {
        // Queued behind the data; if the queue is full, write_frames sends it
        // after the frame it is writing.
        std::string ping = ws::encode_frame(ws::Opcode::ping, {});
        if (t.to_client.try_send(ping) != mpsc::TrySend::sent) t.ping_due = true;
        t.next_ping = now + interval;
      }
      wake_at = std::min(wake_at, t.next_ping);
    }
    co_await race(sleep_until(wake_at), Signal::Wait{t.closing});
  }
}

}  // namespace

Task<TunnelReport> run_tunnel(net::TcpStream& client, std::string early, std::string request_target,
                              std::string_view protocol, const RelayOptions& options) {
  TunnelReport report;
  auto chosen = options.policy.choose(request_target);
  if (auto* refused = std::get_if<Refused>(&chosen)) {
    report.target = net::printable(request_target, 96);  // what was asked for, for the log
    report.close_code = close_code_for(refused->why);
    report.reason = refused->reason;
    co_await refuse(client, std::move(early), report.close_code, report.reason, options);
    co_return report;
  }
  auto target = std::get<net::HostPort>(chosen);
  report.target = target.to_string();
  auto connecting = connect_target(target, options);
  auto connected = co_await std::move(connecting);
  if (auto* failed = std::get_if<std::pair<std::uint16_t, std::string>>(&connected)) {
    report.close_code = failed->first;
    report.reason = failed->second;
    co_await refuse(client, std::move(early), report.close_code, report.reason, options);
    co_return report;
  }
  auto [sender, frames] = mpsc::channel<std::string>(options.limits.frames_in_flight);
  Tunnel t(client, std::move(std::get<net::TcpStream>(connected)), options, protocol == rp::kTcp, std::move(sender));
  t.report = std::move(report);
  (void)t.target->set_nodelay(true);
  (void)client.set_nodelay(true);  // small frames to the page go out at once, as to the target
  if (t.tcp_protocol) {
    auto hello = ws::encode_frame(ws::Opcode::text, rp::kConnected);
    if (!co_await client.write_all(hello)) co_return t.report;
  }
  co_await race(pump_up(t, std::move(early)), pump_down(t), write_frames(t, std::move(frames)), watchdog(t));
  co_return std::move(t.report);
}

}  // namespace asyncplay::relay
