// `asyncplay relay --listen ADDR --allow HOST:PORT ... [options]`: the
// WebSocket-to-TCP relay (docs/RELAY.md).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "cli/commands.hpp"
#include "relay/server.hpp"
#include "runtime/executor.hpp"

namespace asyncplay::cli {
namespace {

// The page a relay serves itself reaches it at this origin's --path: the
// config.json it serves says so, unless the folder's own names a relay (with
// no relay at all the page would use only the in-browser host).
void point_page_here(relay::RelayOptions& options) {
  nlohmann::json config = nlohmann::json::object();
  if (std::ifstream file(options.static_dir + "/config.json"); file) {
    config = nlohmann::json::parse(file, nullptr, /*allow_exceptions=*/false);
    if (!config.is_object()) return;  // served as it is: the page reports what is wrong with it
  }
  if (config.contains("relay") && !(config["relay"].is_string() && config["relay"].get<std::string>().empty())) return;
  config["relay"] = options.path;
  options.generated_files["/config.json"] = config.dump() + "\n";
}

constexpr const char* kRelayUsage =
    "usage: asyncplay relay [--listen 127.0.0.1:8080] [--path /relay] --allow HOST:PORT ...\n"
    "         [--token-file FILE] [--origin ORIGIN ...] [--static DIR] [--explain-allowed]\n"
    "         [--max-connections N] [--max-per-client N] [--max-tunnels-per-client N] [--max-message BYTES]\n"
    "         [--handshake-timeout S] [--connect-timeout S] [--idle-timeout S] [--ping-interval S]\n"
    "         [--reuse-port] [--tls-cert FILE --tls-key FILE]";

std::shared_ptr<relay::RelayOptions> relay_options(Args& args) {
  auto options = std::make_shared<relay::RelayOptions>();
  if (auto path = take_option(args, "--path")) {
    if (path->empty() || (*path)[0] != '/') throw std::invalid_argument("--path must start with /");
    options->path = *path;
  }
  std::vector<net::HostPort> allow;
  for (const auto& entry : take_all(args, "--allow")) {
    auto target = net::HostPort::parse(entry);
    if (!target) throw std::invalid_argument("--allow: " + target.error().context());
    allow.push_back(*target);
  }
  relay::TokenMap tokens;
  if (auto file = take_option(args, "--token-file")) {
    auto loaded = relay::load_token_file(*file);
    if (!loaded) throw std::invalid_argument("--token-file: " + loaded.error().message());
    tokens = std::move(*loaded);
  }
  options->policy = relay::TargetPolicy(std::move(allow), std::move(tokens));
  if (auto flag = std::find(args.begin(), args.end(), "--explain-allowed"); flag != args.end()) {
    args.erase(flag);
    options->policy.set_explain_allowed(true);  // "not allowed" reasons name the allow-list
  }
  options->origins = take_all(args, "--origin");
  options->tls = take_tls(args);
  options->static_dir = take_option(args, "--static").value_or("");
  if (!options->static_dir.empty()) point_page_here(*options);
  auto& limits = options->limits;
  if (auto v = take_option(args, "--max-connections")) limits.max_connections = parse_count("--max-connections", *v);
  if (auto v = take_option(args, "--max-per-client")) limits.max_per_client = parse_count("--max-per-client", *v);
  if (auto v = take_option(args, "--max-tunnels-per-client")) {
    limits.max_tunnels_per_client = parse_count("--max-tunnels-per-client", *v);
  }
  if (auto v = take_option(args, "--max-message")) limits.max_message = parse_count("--max-message", *v);
  if (auto v = take_option(args, "--handshake-timeout")) limits.handshake_timeout = parse_seconds("--handshake-timeout", *v);
  if (auto v = take_option(args, "--connect-timeout")) limits.connect_timeout = parse_seconds("--connect-timeout", *v);
  if (auto v = take_option(args, "--idle-timeout")) limits.idle_timeout = parse_seconds("--idle-timeout", *v);
  if (auto v = take_option(args, "--ping-interval")) {
    // 0 (or 0.0): no pings; anything else a positive number of seconds, at least a millisecond.
    char* end = nullptr;
    double zero = std::strtod(v->c_str(), &end);
    if (!v->empty() && end == v->c_str() + v->size() && zero == 0.0) {
      limits.ping_interval = std::chrono::milliseconds(0);
    } else {
      limits.ping_interval = parse_seconds("--ping-interval", *v);
      if (limits.ping_interval.count() == 0) throw std::invalid_argument("--ping-interval: at least 0.001 s, or 0 for none");
    }
  }
  return options;
}

}  // namespace

int relay(const Args& given) {
  Args args = given;
  std::string listen = take_option(args, "--listen").value_or("127.0.0.1:8080");
  net::ListenOptions listen_options;
  if (auto flag = std::find(args.begin(), args.end(), "--reuse-port"); flag != args.end()) {
    args.erase(flag);
    listen_options.reuse_port = true;  // several relays on one port, one per core; they share nothing
  }
  auto options = relay_options(args);
  if (!args.empty()) throw std::invalid_argument("unexpected argument '" + args[0] + "'\n" + kRelayUsage);
  if (options->policy.allow_list().empty() && !options->policy.has_tokens()) {
    std::fprintf(stderr, "relay: no --allow and no --token-file: every target will be refused\n");
  }
  return block_on([](std::string address, std::shared_ptr<const relay::RelayOptions> opts,
                     net::ListenOptions how) -> Task<int> {
    auto listener = co_await net::TcpListener::bind(address, how);
    if (!listener) {
      std::fprintf(stderr, "asyncplay relay: %s\n", listener.error().message().c_str());
      co_return 1;
    }
    std::fprintf(stderr, "relay: listening on %s://%s%s\n", opts->tls ? "wss" : "ws",
                 listener->local_addr().to_string().c_str(), opts->path.c_str());
    if (opts->tls) {
      std::fprintf(stderr, "relay: certificate %s (read again when it changes, or on SIGHUP)\n",
                   opts->tls->cert_file().c_str());
    }
    co_await relay::serve_relay(std::move(*listener), opts);
    co_return 0;
  }(listen, options, listen_options));
}

}  // namespace asyncplay::cli
