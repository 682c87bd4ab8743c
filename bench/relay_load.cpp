// relay_load: a load generator for the WebSocket-to-TCP relay, and the TCP echo
// server it is measured against, written on our runtime (one thread, one
// Executor, TcpStream on epoll). The same client code talks either
//   --tcp 127.0.0.1:PORT   raw TCP, straight to the echo server, or
//   --ws  ws://127.0.0.1:PORT/PATH   a WebSocket with subprotocol `binary` to a
//                          relay (ours or websockify) whose target is that echo
//                          server: each message is one masked binary frame of
//                          raw TCP bytes; what comes back is unmasked frames
//                          whose payloads are the echoed bytes, however the
//                          relay cut them; or
//   --ws  wss://127.0.0.1:PORT/PATH --ca FILE   the same over TLS (our
//                          tls_connect), trusting the certificates in FILE.
// It talks only to 127.0.0.1 (other hosts are refused) and every mode ends by
// itself (--timeout, --hold, --lifetime). Each mode prints one line of
// `key=value` pairs on stdout for bench/relay_compare; errors go to stderr with
// exit status 1 (2 when --timeout ran out; the servers end by SIGALRM when
// --lifetime runs out).
//
//   relay_load echo     --listen 127.0.0.1:0 [--lifetime 900]
//       the echo target: says "echo: listening on 127.0.0.1:PORT" on stderr once
//       bound, then writes back whatever each connection sends, until
//       --lifetime seconds pass (the script stops it earlier, by PID). The
//       lifetime is an alarm(2), not a timer on the executor: a pending
//       deadline makes every epoll_wait arm and cancel a kernel timer, which
//       the peers' echo servers (bench/peers/) do not pay.
//   relay_load forward  --listen 127.0.0.1:0 --to 127.0.0.1:PORT [--lifetime 900]
//       a plain TCP forwarder (no WebSocket): each connection gets its own
//       connection to --to and bytes are copied both ways, 64 KiB at a time,
//       in one task per connection as the relay does. What any relay on our
//       runtime pays for the extra hop alone: the ceiling for ours. Says
//       "forward: listening on 127.0.0.1:PORT" on stderr once bound.
//   relay_load probe    --tcp ADDR | --ws URL
//       one connection, one 64-byte round trip, closed: "the server is up and
//       its target answers". No retry: the script waits for the server's
//       listening line first.
//   relay_load pingpong --tcp ADDR | --ws URL --connections N --size S --duration D [--warmup 0.5]
//       N connections, each sending one S-byte message and waiting for all S
//       bytes to come back (compared with what was sent), again and again for D
//       seconds. Round trips that start after --warmup and end before D count:
//       round trips/s over the window, p50/p99 latency of those round trips.
//   relay_load stream   --tcp ADDR | --ws URL [--size 65536] --duration D [--warmup 0.5]
//       one connection; a writer sends S-byte messages as fast as the path takes
//       them while a reader counts the echoed bytes. MB/s = echoed payload
//       bytes received between --warmup and D, divided by that time (so one way
//       + echo: each byte crossed every hop twice). Then every byte sent is
//       waited for and the totals compared.
//   relay_load handshakes --tcp ADDR | --ws URL --count N
//       N connections one after another, each opened (TCP, then TLS for wss,
//       then the WebSocket upgrade), proven by one 64-byte round trip, and
//       closed: microseconds per connection (wss minus ws: the TLS handshake).
//   relay_load hold     --ws URL --tunnels N [--concurrency 16] [--hold 120]
//       opens N tunnels (at most --concurrency handshakes at once), each proven
//       end to end by one 64-byte round trip; prints `hold ...` and keeps them
//       open until stdin is closed (or --hold seconds pass), so the script can
//       read the relay's memory meanwhile.
//
// Every socket has TCP_NODELAY, on both ends of every hop we control (this
// client, the echo server; our relay sets it towards the target, websockify
// sets it on both of its sockets): with Nagle, small messages would wait for
// delayed ACKs and we would measure the ACK timer, not the relays.
//
// The client's frame mask is fixed per connection and each message's frame is
// encoded once, then written again and again: RFC 6455 wants a fresh
// unpredictable mask per frame (against cache poisoning by proxies), which
// matters nowhere here, and the relays unmask whatever mask comes. The load
// generator's own costs stay out of the figures that way.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/source.hpp"
#include "load_support.hpp"
#include "net/tcp_listener.hpp"
#include "net/tcp_stream.hpp"
#include "net/tls_context.hpp"
#include "net/tls_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/task.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "ws/frame.hpp"
#include "ws/frame_header.hpp"
#include "ws/handshake.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;

using namespace asyncplay::bench;

namespace {

// ---------------------------------------------------------------- options


Options parse(int argc, char** argv) {
  return parse_options(argc, argv,
                       "usage: relay_load echo|forward|probe|pingpong|stream|handshakes|hold (--tcp ADDR | --ws URL [--ca FILE]) [options]");
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}


// "127.0.0.1:PORT" -> PORT; anything but 127.0.0.1 is refused.
std::uint16_t loopback_port(std::string_view host_port, const char* what) {
  constexpr std::string_view host = "127.0.0.1:";
  unsigned port = 0;
  if (host_port.substr(0, host.size()) == host) {
    auto digits = host_port.substr(host.size());
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec == std::errc() && end == digits.data() + digits.size() && port <= 65535) {
      return static_cast<std::uint16_t>(port);
    }
  }
  throw std::invalid_argument(std::string(what) + " must be 127.0.0.1:PORT, not '" + std::string(host_port) + "'");
}

// Where the load goes.
struct Target {
  bool websocket = false;
  std::uint16_t port = 0;
  std::string path;  // websocket: "/relay?target=127.0.0.1:7" (what follows host:port in the URL)
  std::shared_ptr<net::TlsContext> tls;  // wss://: what the relay's certificate must be signed by

  static Target from(const Options& o) {
    if (o.has("--tcp") == o.has("--ws")) throw std::invalid_argument("give one of --tcp 127.0.0.1:PORT, --ws URL");
    Target t;
    if (o.has("--tcp")) {
      t.port = loopback_port(o.text("--tcp", ""), "--tcp");
      return t;
    }
    std::string url = o.text("--ws", "");
    std::string_view scheme = url.rfind("wss://", 0) == 0 ? "wss://" : "ws://";
    if (url.rfind(scheme, 0) != 0) throw std::invalid_argument("--ws wants ws[s]://127.0.0.1:PORT/PATH, not '" + url + "'");
    if (scheme == "wss://") {
      if (!o.has("--ca")) throw std::invalid_argument("wss:// needs --ca FILE: the certificates to trust");
      auto trust = net::TlsContext::client(o.text("--ca", ""));
      if (!trust) throw std::invalid_argument("--ca: " + trust.error().message());
      t.tls = std::make_shared<net::TlsContext>(std::move(*trust));
    }
    auto slash = url.find('/', scheme.size());
    t.websocket = true;
    t.port = loopback_port(std::string_view(url).substr(scheme.size(), slash - scheme.size()), "--ws's host");
    t.path = slash == std::string::npos ? "/" : url.substr(slash);
    return t;
  }
};

// ---------------------------------------------------------------- server frames

// Decodes the frames a server sends (unmasked) as they arrive: the payload
// bytes of binary messages are counted (and copied to a sink if given); any
// other frame ends the run with a description (the relays send nothing else
// on `binary`, until they close).
class ServerFrames {
 public:
  // Feeds `bytes`; adds the binary payload bytes found to `payload`. An error
  // text once the server sent a close (or anything unexpected).
  std::optional<std::string> feed(std::string_view bytes, std::size_t& payload, std::string* sink) {
    while (!bytes.empty()) {
      if (!in_payload_) {
        // The 2 to 14 header bytes, which may be split across reads.
        while (true) {
          std::size_t want = header_size_ < 2 ? 2 : ws::frame_header_size(static_cast<std::uint8_t>(header_[1]));
          if (header_size_ >= want) break;
          if (bytes.empty()) return std::nullopt;  // the rest of the header with the next read
          std::size_t n = std::min(want - header_size_, bytes.size());
          std::memcpy(header_ + header_size_, bytes.data(), n);
          header_size_ += n;
          bytes.remove_prefix(n);
        }
        auto decoded = ws::decode_frame_header({header_, header_size_});
        header_size_ = 0;
        if (decoded.status != ws::DecodedHeader::Status::ok) {
          return std::string("malformed frame from the server: ") + (decoded.problem ? decoded.problem : "?");
        }
        if (decoded.header.masked) return std::string("the server sent a masked frame");
        opcode_ = static_cast<ws::Opcode>(decoded.header.opcode);
        if (opcode_ != ws::Opcode::binary && opcode_ != ws::Opcode::continuation && opcode_ != ws::Opcode::close) {
          return "unexpected frame from the server, opcode " + std::to_string(decoded.header.opcode);
        }
        remaining_ = decoded.header.length;
        control_.clear();
        in_payload_ = true;
      }
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size()));
      if (opcode_ == ws::Opcode::close) {
        control_.append(bytes.data(), n);
      } else {
        payload += n;
        if (sink) sink->append(bytes.data(), n);
      }
      bytes.remove_prefix(n);
      remaining_ -= n;
      if (remaining_ == 0) {
        in_payload_ = false;
        if (opcode_ == ws::Opcode::close) {
          unsigned code = control_.size() >= 2 ? (static_cast<unsigned char>(control_[0]) << 8) |
                                                     static_cast<unsigned char>(control_[1])
                                               : 1005;
          return "the server closed the WebSocket: " + std::to_string(code) + " " +
                 (control_.size() > 2 ? control_.substr(2) : std::string());
        }
      }
    }
    return std::nullopt;
  }

 private:
  char header_[ws::max_frame_header] = {};
  std::size_t header_size_ = 0;
  bool in_payload_ = false;
  ws::Opcode opcode_ = ws::Opcode::binary;
  std::uint64_t remaining_ = 0;
  std::string control_;  // a close frame's payload
};

// ---------------------------------------------------------------- a connection

// One read lands here first; it is parsed before the next await, so one
// buffer serves every connection of this (single-threaded) process.
std::span<char> scratch() {
  static char buffer[256 * 1024];
  return buffer;
}

// One connection, to the echo server or through a relay: messages out, the
// echoed payload bytes back.
class Connection {
 public:
  static Task<Result<std::unique_ptr<Connection>>> open(const Target& target) {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", target.port);
    if (!socket) co_return socket.error();
    if (auto on = socket->set_nodelay(true); !on) co_return on.error();
    if (target.tls) {
      auto secured = co_await net::tls_connect(std::move(*socket), *target.tls, "127.0.0.1");
      if (!secured) co_return secured.error();
      *socket = std::move(*secured);
    }
    auto c = std::make_unique<Connection>(std::move(*socket), target.websocket);
    if (target.websocket) {
      auto upgraded = co_await c->upgrade(target);
      if (!upgraded) co_return upgraded.error();
    }
    co_return std::move(c);
  }

  Connection(net::TcpStream socket, bool websocket) : socket_(std::move(socket)), websocket_(websocket) {}

  // What to write for one message carrying `payload`: the bytes themselves on
  // TCP, one masked binary frame on a WebSocket.
  std::string encode(std::string_view payload) const {
    if (!websocket_) return std::string(payload);
    return ws::encode_masked_frame(ws::Opcode::binary, payload, {0x5a, 0x17, 0xc3, 0x8e});
  }

  // `bytes` must stay alive until this completes.
  net::TcpStream::WriteAllFuture write(std::string_view bytes) { return socket_.write_all(bytes); }

  // Reads once: how many echoed payload bytes arrived (copied to `sink` if
  // given); may be 0 when only frame headers came. An error at end of stream.
  Task<Result<std::size_t>> read_payload(std::string* sink) {
    std::size_t payload = 0;
    if (!early_.empty()) {  // bytes that came with the handshake's response
      std::string early = std::move(early_);
      early_.clear();
      if (auto error = frames_.feed(early, payload, sink)) co_return Error(std::errc::connection_aborted, *error);
      co_return payload;
    }
    auto buffer = scratch();
    auto n = co_await socket_.read(buffer);
    if (!n) co_return n.error();
    if (*n == 0) co_return Error(std::errc::connection_reset, "the server closed the connection");
    if (!websocket_) {
      if (sink) sink->append(buffer.data(), *n);
      co_return *n;
    }
    if (auto error = frames_.feed({buffer.data(), *n}, payload, sink)) {
      co_return Error(std::errc::connection_aborted, *error);
    }
    co_return payload;
  }

 private:
  // The opening handshake (RFC 6455 4.1), offering only `binary`.
  Task<Result<void>> upgrade(const Target& target) {
    const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    std::string request = "GET " + target.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(target.port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                          "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n";
    auto sent = co_await socket_.write_all(request);
    if (!sent) co_return sent;
    std::string head;
    std::size_t end = std::string::npos;
    while ((end = head.find("\r\n\r\n")) == std::string::npos) {
      if (head.size() > 16 * 1024) co_return Error(std::errc::protocol_error, "response head too long");
      auto buffer = scratch();
      auto n = co_await socket_.read(buffer);
      if (!n) co_return n.error();
      if (*n == 0) co_return Error(std::errc::connection_reset, "closed during the handshake: " + head);
      head.append(buffer.data(), *n);
    }
    early_ = head.substr(end + 4);
    head.resize(end + 2);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    auto first_line = head.substr(0, head.find("\r\n"));
    if (head.rfind("HTTP/1.1 101", 0) != 0) {
      co_return Error(std::errc::protocol_error, "upgrade refused: " + first_line);
    }
    // A header's value: its name in any case, the value as sent.
    auto value = [&](const std::string& name) -> std::string {
      auto at = lower.find("\r\n" + name + ":");
      if (at == std::string::npos) return "";
      at += name.size() + 3;
      auto stop = head.find("\r\n", at);
      auto v = head.substr(at, stop - at);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      while (!v.empty() && v.back() == ' ') v.pop_back();
      return v;
    };
    if (value("sec-websocket-accept") != ws::accept_key(key)) {
      co_return Error(std::errc::protocol_error, "wrong or missing Sec-WebSocket-Accept");
    }
    if (value("sec-websocket-protocol") != "binary") {
      co_return Error(std::errc::protocol_error, "the server did not choose subprotocol binary");
    }
    co_return Result<void>();
  }

  net::TcpStream socket_;
  bool websocket_;
  ServerFrames frames_;
  std::string early_;  // frame bytes read with the handshake's response
};

using ConnectionPtr = std::unique_ptr<Connection>;

// A message of `size` bytes that differs from connection to connection.
std::string message_of(std::size_t size, std::size_t seed) {
  std::string m(size, '\0');
  for (std::size_t i = 0; i < size; ++i) m[i] = static_cast<char>('a' + (i + seed) % 26);
  return m;
}

// One message out, all its bytes back, compared.
Task<Result<void>> round_trip(Connection& c, const std::string& wire, const std::string& message, std::string& got) {
  auto sent = co_await c.write(wire);
  if (!sent) co_return sent;
  got.clear();
  while (got.size() < message.size()) {
    auto n = co_await c.read_payload(&got);
    if (!n) co_return n.error();
  }
  if (got != message) co_return Error(std::errc::illegal_byte_sequence, "the echo differs from what was sent");
  co_return Result<void>();
}

// Opens `count` connections, at most `concurrency` at a time, each proven by a
// 64-byte round trip. They go into `out`.
Task<Result<void>> open_connections(const Target& target, std::size_t count, std::size_t concurrency,
                                    std::vector<ConnectionPtr>& out) {
  out.resize(count);
  std::size_t next = 0;
  auto worker = [](const Target& target, std::vector<ConnectionPtr>& out, std::size_t& next) -> Task<Result<void>> {
    std::string got;
    while (next < out.size()) {
      std::size_t i = next++;
      auto c = co_await Connection::open(target);
      if (!c) co_return c.error().within("connection " + std::to_string(i));
      std::string message = message_of(64, i);
      std::string wire = (*c)->encode(message);
      auto echoed = co_await round_trip(**c, wire, message, got);
      if (!echoed) co_return echoed.error().within("first round trip of connection " + std::to_string(i));
      out[i] = std::move(*c);
    }
    co_return Result<void>();
  };
  std::vector<JoinHandle<Result<void>>> workers;
  for (std::size_t w = 0; w < std::min(concurrency, count); ++w) {
    workers.push_back(spawn(worker(target, out, next), "open worker"));
  }
  auto results = co_await join_all(std::move(workers));
  for (auto& r : results) {
    if (!r) co_return r.error();
  }
  co_return Result<void>();
}

std::string percentile_us(const std::vector<std::int64_t>& sorted_ns, double p) {
  if (sorted_ns.empty()) return "nan";
  std::size_t at = std::min(sorted_ns.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted_ns.size())));
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", static_cast<double>(sorted_ns[at]) / 1000.0);
  return out;
}

const char* transport_name(const Target& t) { return t.tls ? "wss" : t.websocket ? "ws" : "tcp"; }

// ---------------------------------------------------------------- echo

constexpr std::size_t kEchoBuffer = 64 * 1024;

Task<void> echo_connection(net::TcpStream socket) {
  (void)socket.set_nodelay(true);
  // Its own buffer: the write of one read may wait while others read.
  auto buffer = std::make_unique<char[]>(kEchoBuffer);
  while (true) {
    auto n = co_await socket.read({buffer.get(), kEchoBuffer});
    if (!n || *n == 0) co_return;
    auto written = co_await socket.write_all({buffer.get(), *n});
    if (!written) co_return;
  }
}

// Says where it listens, then starts `serve(socket)` for every connection
// until the caller's lifetime race drops it (which cancels them all).
template <class Serve>
Task<Result<std::string>> accept_each(net::TcpListener& listener, std::string name, Serve serve) {
  std::fprintf(stderr, "%s: listening on %s\n", name.c_str(), listener.local_addr().to_string().c_str());
  std::fflush(stderr);
  TaskSet connections;  // cancelled when the lifetime ends
  std::uint64_t accepted = 0;
  auto incoming = listener.incoming();
  while (auto socket = co_await incoming.next()) {
    if (!*socket) {
      std::fprintf(stderr, "%s: accept failed: %s\n", name.c_str(), socket->error().message().c_str());
      co_await sleep(50ms);  // e.g. out of descriptors: let connections close
      continue;
    }
    ++accepted;
    connections.spawn(serve(std::move(**socket)), name + " connection");
  }
  co_return name + " accepted=" + std::to_string(accepted);
}

Task<Result<std::string>> echo_server(const Options& o) {
  std::string listen = o.text("--listen", "127.0.0.1:0");
  loopback_port(listen, "--listen");
  allow_descriptors(16 * 1024);
  auto listener = co_await net::TcpListener::bind(listen);
  if (!listener) co_return listener.error();
  auto serve = [](net::TcpStream socket) { return echo_connection(std::move(socket)); };
  auto accepting = accept_each(*listener, "echo", serve);
  co_return co_await accepting;
}

// ---------------------------------------------------------------- forward

// One direction: read what comes, write all of it, until the end; then pass
// the end on (shut down the write half) so the other side sees it too.
Task<void> forward_pump(net::TcpStream& from, net::TcpStream& to) {
  auto buffer = std::make_unique<char[]>(kEchoBuffer);
  while (true) {
    auto n = co_await from.read({buffer.get(), kEchoBuffer});
    if (!n || *n == 0) break;
    auto written = co_await to.write_all({buffer.get(), *n});
    if (!written) break;
  }
  (void)to.shutdown(net::Shutdown::write);
}

Task<void> forward_connection(net::TcpStream client, std::uint16_t to_port) {
  (void)client.set_nodelay(true);
  auto target = co_await net::TcpStream::connect("127.0.0.1", to_port);
  if (!target) co_return;
  (void)target->set_nodelay(true);
  (void)co_await join(forward_pump(client, *target), forward_pump(*target, client));
}

Task<Result<std::string>> forward_server(const Options& o) {
  std::string listen = o.text("--listen", "127.0.0.1:0");
  loopback_port(listen, "--listen");
  std::uint16_t to_port = loopback_port(o.text("--to", ""), "--to");
  allow_descriptors(16 * 1024);
  auto listener = co_await net::TcpListener::bind(listen);
  if (!listener) co_return listener.error();
  auto serve = [to_port](net::TcpStream socket) { return forward_connection(std::move(socket), to_port); };
  auto accepting = accept_each(*listener, "forward", serve);
  co_return co_await accepting;
}

// ---------------------------------------------------------------- modes

Task<Result<std::string>> probe(const Target& target) {
  std::vector<ConnectionPtr> one;
  auto opened = co_await open_connections(target, 1, 1, one);
  if (!opened) co_return opened.error();
  co_return std::string("probe ok=1 transport=") + transport_name(target);
}

// The measurement window all connections share.
struct Window {
  Clock::time_point start, from, until;  // began, counting from, counting until
  std::uint64_t round_trips = 0;         // inside [from, until]
  std::uint64_t all_round_trips = 0;     // warm-up and stragglers too (for CPU time per round trip)
  std::vector<std::int64_t> latencies_ns;
};

Task<Result<void>> ping_pong(Connection& c, std::size_t size, std::size_t seed, Window& w) {
  std::string message = message_of(size, seed);
  std::string wire = c.encode(message);
  std::string got;
  got.reserve(size);
  while (true) {
    auto t0 = Clock::now();
    if (t0 >= w.until) co_return Result<void>();
    auto echoed = co_await round_trip(c, wire, message, got);
    if (!echoed) co_return echoed;
    auto t1 = Clock::now();
    ++w.all_round_trips;
    if (t0 >= w.from && t1 <= w.until) {
      ++w.round_trips;
      w.latencies_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    }
  }
}

Task<Result<std::string>> pingpong(const Options& o) {
  Target target = Target::from(o);
  std::size_t connections = o.number("--connections", 1);
  std::size_t size = o.number("--size", 64);
  auto duration = o.seconds("--duration");
  auto warmup = o.seconds("--warmup", 0.5);
  if (warmup >= duration) throw std::invalid_argument("--warmup must be shorter than --duration");
  allow_descriptors(connections + 64);

  std::vector<ConnectionPtr> conns;
  auto opened = co_await open_connections(target, connections, 64, conns);
  if (!opened) co_return opened.error();

  Window w;
  w.start = Clock::now();
  w.from = w.start + warmup;
  w.until = w.start + duration;
  w.latencies_ns.reserve(1 << 20);
  std::vector<JoinHandle<Result<void>>> runs;
  for (std::size_t i = 0; i < connections; ++i) runs.push_back(spawn(ping_pong(*conns[i], size, i, w), "ping-pong"));
  auto results = co_await join_all(std::move(runs));
  for (auto& r : results) {
    if (!r) co_return r.error();
  }
  auto& l = w.latencies_ns;
  std::sort(l.begin(), l.end());
  double window_s = seconds_between(w.from, w.until);
  char line[400];
  std::snprintf(line, sizeof line,
                "pingpong transport=%s connections=%zu size=%zu window_s=%.3f round_trips=%llu "
                "round_trips_per_s=%.0f p50_us=%s p90_us=%s p99_us=%s max_us=%s all_round_trips=%llu",
                transport_name(target), connections, size, window_s, static_cast<unsigned long long>(w.round_trips),
                static_cast<double>(w.round_trips) / window_s, percentile_us(l, 0.50).c_str(),
                percentile_us(l, 0.90).c_str(), percentile_us(l, 0.99).c_str(), percentile_us(l, 1.0).c_str(),
                static_cast<unsigned long long>(w.all_round_trips));
  co_return std::string(line);
}

// How many echoed bytes have come back; the writer waits on it at the end.
struct Received {
  std::uint64_t bytes = 0;
  std::uint64_t wanted = 0;  // what the waiting writer needs
  Waker writer;              // the writer, while it waits

  void add(std::size_t n) {
    bytes += n;
    if (wanted && bytes >= wanted) writer.wake_by_ref();
  }
  struct AtLeast {
    Received& r;
    std::uint64_t n;
    using Output = void;
    Poll<void> poll(Context& cx) {
      if (r.bytes >= n) return ready();
      r.wanted = n;
      r.writer.set(cx.waker());
      return pending;  // woken by add() once `n` bytes have come back
    }
  };
};

// Never ends by itself: counts echoed bytes until the race drops it.
Task<Result<void>> stream_reader(Connection& c, Received& received) {
  while (true) {
    auto n = co_await c.read_payload(nullptr);
    if (!n) co_return n.error();
    received.add(*n);
  }
}

struct StreamResult {
  std::uint64_t sent = 0;
  std::uint64_t in_window = 0;  // echoed bytes received in [from, until]
  double window_s = 0;
  double drain_s = 0;           // from the last write to the last echoed byte
};

Task<Result<StreamResult>> stream_writer(Connection& c, std::size_t size, Clock::duration warmup,
                                         Clock::duration duration, Received& received) {
  std::string wire = c.encode(message_of(size, 7));
  StreamResult r;
  auto start = Clock::now();
  std::optional<Clock::time_point> from;
  std::uint64_t at_from = 0;
  Clock::time_point until;
  while (true) {
    auto now = Clock::now();
    if (!from && now >= start + warmup) {
      from = now;
      at_from = received.bytes;
    }
    if (now >= start + duration) {
      until = now;
      r.in_window = received.bytes - at_from;
      break;
    }
    auto sent = co_await c.write(wire);
    if (!sent) co_return sent.error().within("stream write");
    r.sent += size;
  }
  r.window_s = seconds_between(*from, until);
  co_await Received::AtLeast{received, r.sent};
  r.drain_s = seconds_between(until, Clock::now());
  co_return r;
}

Task<Result<std::string>> stream(const Options& o) {
  Target target = Target::from(o);
  std::size_t size = o.number("--size", 64 * 1024);
  auto duration = o.seconds("--duration");
  auto warmup = o.seconds("--warmup", 0.5);
  if (warmup >= duration) throw std::invalid_argument("--warmup must be shorter than --duration");
  std::vector<ConnectionPtr> conns;
  auto opened = co_await open_connections(target, 1, 1, conns);
  if (!opened) co_return opened.error();
  Received received;
  auto outcome = co_await race(stream_reader(*conns[0], received),
                               stream_writer(*conns[0], size, warmup, duration, received));
  if (outcome.index() == 0) co_return std::get<0>(outcome).error().within("stream read");
  auto& result = std::get<1>(outcome);
  if (!result) co_return result.error();
  if (received.bytes != result->sent) {
    co_return Error(std::errc::protocol_error, "sent " + std::to_string(result->sent) + " bytes, " +
                                                   std::to_string(received.bytes) + " came back");
  }
  char line[400];
  std::snprintf(line, sizeof line,
                "stream transport=%s size=%zu window_s=%.3f bytes_in_window=%llu mb_per_s=%.1f sent=%llu drain_s=%.4f",
                transport_name(target), size, result->window_s, static_cast<unsigned long long>(result->in_window),
                static_cast<double>(result->in_window) / result->window_s / 1e6,
                static_cast<unsigned long long>(result->sent), result->drain_s);
  co_return std::string(line);
}


// One connection at a time, opened, proven and closed, so each handshake's
// whole cost is on the clock.
Task<Result<std::string>> handshakes(const Options& o) {
  Target target = Target::from(o);
  std::size_t count = o.number("--count");
  auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<ConnectionPtr> one;
    auto opened = co_await open_connections(target, 1, 1, one);
    if (!opened) co_return opened.error().within("handshake " + std::to_string(i));
  }
  double seconds = seconds_between(start, Clock::now());
  char line[200];
  std::snprintf(line, sizeof line, "handshakes transport=%s count=%zu us_per_connection=%.1f", transport_name(target),
                count, seconds / static_cast<double>(count) * 1e6);
  co_return std::string(line);
}

Task<Result<std::string>> hold(const Options& o) {
  Target target = Target::from(o);
  std::size_t count = o.number("--tunnels");
  auto held_for = o.seconds("--hold", 120);
  allow_descriptors(count + 64);
  auto start = Clock::now();
  std::vector<ConnectionPtr> conns;
  auto opened = co_await open_connections(target, count, o.number("--concurrency", 16), conns);
  if (!opened) co_return opened.error();
  std::printf("hold transport=%s tunnels=%zu open_s=%.3f\n", transport_name(target), count,
              seconds_between(start, Clock::now()));
  std::fflush(stdout);
  auto held_since = Clock::now();
  auto waited = co_await race(stdin_closed(), sleep(held_for));
  char line[160];
  std::snprintf(line, sizeof line, "released tunnels=%zu held_s=%.3f by=%s", conns.size(),
                seconds_between(held_since, Clock::now()), waited.index() == 0 ? "stdin" : "hold");
  co_return std::string(line);
}

Task<Result<std::string>> run_mode(const Options& o) {
  if (o.mode == "echo") co_return co_await echo_server(o);
  if (o.mode == "forward") co_return co_await forward_server(o);
  if (o.mode == "probe") co_return co_await probe(Target::from(o));
  if (o.mode == "pingpong") co_return co_await pingpong(o);
  if (o.mode == "stream") co_return co_await stream(o);
  if (o.mode == "handshakes") co_return co_await handshakes(o);
  if (o.mode == "hold") co_return co_await hold(o);
  throw std::invalid_argument("unknown mode '" + o.mode + "' (echo, forward, probe, pingpong, stream, handshakes, hold)");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options options = parse(argc, argv);
    // --timeout bounds the work; the echo server's --lifetime and hold's
    // --hold are bounds of their own.
    auto limit = options.seconds("--timeout", 60);
    bool server = options.mode == "echo" || options.mode == "forward";
    if (options.mode == "hold") limit += options.seconds("--hold", 120);
    Executor executor;
    if (server) {
      auto lifetime = std::chrono::ceil<std::chrono::seconds>(options.seconds("--lifetime", 900)).count();
      alarm(static_cast<unsigned>(std::max<long long>(lifetime, 1)));  // SIGALRM ends the process
      auto result = executor.block_on(run_mode(options));
      if (result) return 0;
      std::fprintf(stderr, "relay_load %s: error: %s\n", options.mode.c_str(), result.error().message().c_str());
      return 1;
    }
    auto outcome = executor.block_on(race(run_mode(options), sleep(limit)));
    if (outcome.index() == 1) {
      std::fprintf(stderr, "relay_load %s: error=timeout after %.0f s\n", options.mode.c_str(),
                   std::chrono::duration<double>(limit).count());
      return 2;
    }
    auto& result = std::get<0>(outcome);
    if (!result) {
      std::fprintf(stderr, "relay_load %s: error: %s\n", options.mode.c_str(), result.error().message().c_str());
      return 1;
    }
    std::printf("%s\n", result->c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "relay_load: %s\n", e.what());
    return 1;
  }
}
