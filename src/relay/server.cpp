#include "relay/server.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "http/query.hpp"
#include "http/request.hpp"
#include "net/buf_reader.hpp"
#include "net/printable.hpp"
#include "net/tls_stream.hpp"
#include "relay/http_reply.hpp"
#include "relay/static_files.hpp"
#include "relay/tunnel.hpp"
#include "relay/upgrade.hpp"
#include "runtime/spawn_blocking.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"

namespace asyncplay::relay {
namespace {

using namespace std::chrono_literals;

// Open connections, in total and per client address.
struct Counters {
  std::size_t total = 0;
  std::unordered_map<std::string, std::size_t> per_address;          // heads still coming
  std::unordered_map<std::string, std::size_t> tunnels_per_address;  // open tunnels
};

// One tunnel counted against its address for as long as it is open.
class TunnelSlot {
 public:
  TunnelSlot(Counters& counters, std::string address) : counters_(counters), address_(std::move(address)) {
    ++counters_.tunnels_per_address[address_];
  }
  TunnelSlot(const TunnelSlot&) = delete;
  TunnelSlot& operator=(const TunnelSlot&) = delete;
  ~TunnelSlot() {
    if (--counters_.tunnels_per_address[address_] == 0) counters_.tunnels_per_address.erase(address_);
  }

 private:
  Counters& counters_;
  std::string address_;
};

// Holds one place in Counters for the length of a connection, and one of its
// address's places until the handshake is over.
class Slot {
 public:
  Slot(Counters& counters, std::string address) : counters_(counters), address_(std::move(address)) {
    ++counters_.total;
    ++counters_.per_address[address_];
  }
  ~Slot() {
    --counters_.total;
    leave_address();
  }
  void leave_address() {
    if (!counted_) return;
    counted_ = false;
    if (--counters_.per_address[address_] == 0) counters_.per_address.erase(address_);
  }

 private:
  Counters& counters_;
  std::string address_;
  bool counted_ = true;
};

// One line, whatever a client put into it (targets, reasons, header values):
// newlines and controls are escaped, so no entry can be forged.
void log_line(const RelayOptions& options, const std::string& text) {
  if (options.log) std::fprintf(options.log, "relay: %s\n", net::one_line(text).c_str());
}

std::string address_of(const std::string& peer) { return peer.substr(0, peer.rfind(':')); }

// Reads until the request head is complete; bytes after it are kept in `rest`.
// The first byte must come within `first_byte` (else timed_out, with `silent` set).
Task<Result<void>> read_head(net::TcpStream& socket, http::RequestParser& parser, std::string& rest,
                             Clock::duration first_byte, bool& silent) {
  auto scratch = net::detail::scratch_buffer();
  for (bool first = true; parser.state() == http::RequestParser::State::need_more; first = false) {
    // (Not one `?:` holding both co_awaits: g++ 12 destroys a temporary of
    // such an expression twice.)
    std::optional<Result<std::size_t>> read;
    if (first) {
      read.emplace(co_await timeout(first_byte, socket.read(scratch)));
    } else {
      read.emplace(co_await socket.read(scratch));
    }
    auto& n = *read;
    silent = first && !n && n.error().is(std::errc::timed_out);
    if (!n) co_return n.error();
    if (*n == 0) co_return Error(std::errc::connection_aborted, "closed before the request head ended");
    std::string_view got(scratch.data(), *n);
    std::size_t used = parser.feed(got);
    if (parser.state() == http::RequestParser::State::done) rest.assign(got.substr(used));
  }
  co_return Result<void>();
}

// A 200 with `body` (only the head for HEAD). A client that stops reading
// is dropped by the timeout.
Task<void> send_ok(net::TcpStream& socket, const http::Request& request, std::string_view content_type,
                   std::string_view body, const RelayOptions& options) {
  std::string response = "HTTP/1.1 200 OK\r\nContent-Type: " + std::string(content_type) +
                         "\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
  if (request.method != "HEAD") response += body;
  auto sending = socket.write_all(response);  // `response` outlives it: write_all keeps a view
  (void)co_await timeout(options.limits.handshake_timeout + 20s, std::move(sending));
}

Task<void> serve_file(net::TcpStream& socket, const http::Request& request, const RelayOptions& options) {
  if (request.method != "GET" && request.method != "HEAD") {
    (void)co_await socket.write_all(text_response(405, "only GET and HEAD", "Allow: GET, HEAD\r\n"));
    co_return;
  }
  if (auto generated = options.generated_files.find(std::string(http::path_of(request.target)));
      generated != options.generated_files.end()) {
    co_await send_ok(socket, request, content_type_for(generated->first), generated->second, options);
    co_return;
  }
  auto found = options.static_dir.empty() ? Result<StaticFile>(Error(std::errc::no_such_file_or_directory, "no static files"))
                                           : find_static_file(options.static_dir, request.target);
  if (!found) {
    int status = found.error().is(std::errc::invalid_argument) ? 400 : 404;
    (void)co_await socket.write_all(text_response(status, status == 400 ? "bad path" : "not found"));
    co_return;
  }
  // Whole files, up to a cap: the page's files are small, and a connection
  // that stops reading is dropped by the write timeout below.
  constexpr std::uintmax_t kMaxFile = 32 << 20;
  auto read_file = [path = found->path]() -> std::optional<std::string> {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxFile) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::string body(size, '\0');
    if (!in.read(body.data(), static_cast<std::streamsize>(size))) return std::nullopt;
    return body;
  };
  auto reading = spawn_blocking(std::move(read_file));  // disks can be slow; the executor must not wait
  auto body = co_await reading;
  if (!body) {
    (void)co_await socket.write_all(text_response(404, "not found"));
    co_return;
  }
  co_await send_ok(socket, request, found->content_type, *body, options);
}

Task<void> serve_connection(net::TcpStream socket, const RelayOptions& options, Counters& counters) {
  std::string peer = socket.peer_name();
  std::string address = address_of(peer);
  const auto& limits = options.limits;
  if (counters.total >= limits.max_connections || counters.per_address[address] >= limits.max_per_client) {
    if (counters.per_address[address] == 0) counters.per_address.erase(address);
    log_line(options, peer + " refused: too many connections");
    (void)co_await socket.write_all(text_response(503, "too many connections"));
    co_return;
  }
  Slot slot(counters, address);
  if (options.tls) {
    // The TLS handshake is part of the request's handshake: the same timeout
    // and the same per-address place cover both.
    if (auto said = options.tls->refresh()) log_line(options, *said);
    auto start = Clock::now();
    auto handshake = net::tls_accept(std::move(socket), *options.tls, std::min(limits.first_byte_timeout, limits.handshake_timeout));
    auto secured = co_await timeout(limits.handshake_timeout, std::move(handshake));
    if (!secured) {
      // Only this connection ends; a silent one is not worth a line (browsers preconnect).
      if (!secured.error().is(std::errc::timed_out) || Clock::now() - start >= limits.handshake_timeout) {
        log_line(options, secured.error().message());  // "TLS handshake with PEER: ..."
      }
      co_return;
    }
    socket = std::move(*secured);
  }

  http::RequestParser parser;
  std::string rest;
  bool silent = true;  // until a byte comes
  auto reading = read_head(socket, parser, rest, std::min(limits.first_byte_timeout, limits.handshake_timeout), silent);
  auto head = co_await timeout(limits.handshake_timeout, std::move(reading));
  if (!head) {
    // A connection that never sent a byte gets no answer (a browser's idle
    // preconnect is one); one that sent part of a head gets a 408.
    if (head.error().is(std::errc::timed_out) && !silent) {
      (void)co_await socket.write_all(text_response(408, "request head too slow"));
    }
    co_return;
  }
  slot.leave_address();  // the head is in: the address's cap is for heads still coming
  if (parser.state() == http::RequestParser::State::error) {
    log_line(options, peer + " bad request: " + parser.error_reason());
    (void)co_await socket.write_all(text_response(parser.error_status(), parser.error_reason()));
    co_return;
  }
  const http::Request& request = parser.request();
  if (http::path_of(request.target) != options.path) {
    if (!options.static_dir.empty() || !options.generated_files.empty()) co_await serve_file(socket, request, options);
    else (void)co_await socket.write_all(text_response(404, "not found"));
    co_return;
  }
  auto upgrade = accept_upgrade(request, options);
  if (auto* rejected = std::get_if<Rejection>(&upgrade)) {
    log_line(options, peer + " handshake refused (" + std::to_string(rejected->status) + "): " + rejected->body);
    (void)co_await socket.write_all(text_response(rejected->status, rejected->body, rejected->extra_headers));
    co_return;
  }
  auto& accepted = std::get<Upgrade>(upgrade);
  if (auto open = counters.tunnels_per_address.find(address);
      open != counters.tunnels_per_address.end() && open->second >= limits.max_tunnels_per_client) {
    log_line(options, peer + " refused: too many tunnels from this address");
    (void)co_await socket.write_all(text_response(503, "too many tunnels from this address"));
    co_return;
  }
  TunnelSlot tunnel_slot(counters, address);
  if (!co_await socket.write_all(accepted.response)) co_return;
  auto start = Clock::now();
  auto tunnel = run_tunnel(socket, std::move(rest), request.target, accepted.protocol, options);
  TunnelReport report = co_await std::move(tunnel);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  log_line(options, peer + " -> " + report.target + " up " + std::to_string(report.bytes_up) + " B, down " +
                        std::to_string(report.bytes_down) + " B, " + std::to_string(ms) + " ms, closed " +
                        (report.close_code ? std::to_string(report.close_code) + " " : std::string()) + report.reason);
}

}  // namespace

Task<void> serve_relay(net::TcpListener listener, std::shared_ptr<const RelayOptions> options) {
  Counters counters;
  TaskSet connections;  // after `counters`: cancelled before it goes
  auto incoming = listener.incoming();
  while (auto socket = co_await incoming.next()) {
    if (!*socket) {
      log_line(*options, "accept failed: " + socket->error().message());
      co_await sleep(50ms);  // e.g. out of descriptors: let connections close
      continue;
    }
    connections.spawn(serve_connection(std::move(**socket), *options, counters), "relay connection");
  }
}

}  // namespace asyncplay::relay
