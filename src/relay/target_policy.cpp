#include "relay/target_policy.hpp"

#include <fstream>
#include <sstream>

#include "http/query.hpp"
#include "net/address_class.hpp"
#include "net/printable.hpp"

namespace asyncplay::relay {
namespace {

std::string_view trim(std::string_view s) {
  auto start = s.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return {};
  auto end = s.find_last_not_of(" \t\r");
  return s.substr(start, end - start + 1);
}

// An IP literal or "localhost": the operator meant that very address.
bool names_address_explicitly(const std::string& host) {
  return host == "localhost" || net::SocketAddress::from_numeric(host, 1).has_value();
}

}  // namespace

Result<TokenMap> parse_tokens(std::string_view text, const std::string& source) {
  TokenMap tokens;
  int number = 0;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++number;
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto where = source + ":" + std::to_string(number);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Error(std::errc::invalid_argument, where + ": expected 'name: host:port'");
    }
    std::string name(trim(line.substr(0, colon)));
    auto target = net::HostPort::parse(trim(line.substr(colon + 1)));
    if (name.empty() || !target) {
      return Error(std::errc::invalid_argument,
                   where + ": expected 'name: host:port'" + (target ? "" : " (" + target.error().context() + ")"));
    }
    tokens[name] = *target;
  }
  return tokens;
}

Result<TokenMap> load_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errno_error(errno, "read token file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return parse_tokens(text.str(), path);
}

std::variant<net::HostPort, Refused> TargetPolicy::choose(std::string_view request_target) const {
  auto target = http::query_param(request_target, "target");
  auto token = http::query_param(request_target, "token");
  // What the client wrote reaches the reason (and the log line) escaped.
  if (!target) return Refused{Refusal::bad_request, net::printable(target.error().context(), 100)};
  if (!token) return Refused{Refusal::bad_request, net::printable(token.error().context(), 100)};
  if (*token) {
    auto found = tokens_.find(**token);
    if (found == tokens_.end()) return Refused{Refusal::unknown_token, "unknown token"};
    return found->second;
  }
  if (!*target) return Refused{Refusal::bad_request, "no ?target=HOST:PORT or ?token=NAME"};
  auto wanted = net::HostPort::parse(**target);
  if (!wanted) return Refused{Refusal::bad_request, net::printable(wanted.error().context(), 100)};
  for (const auto& entry : allow_) {
    if (entry.port == wanted->port && entry.host == wanted->host) return *wanted;
  }
  // One sentence. The target is not repeated (the client knows what it asked
  // for, and it need not be escaped); with explain_allowed it says what is
  // allowed, so a person can correct the target (within a close reason's 123
  // bytes; the names of an allow-list are the operator's, not a client's).
  constexpr const char* kNotAllowed = "not on this relay's allow-list";
  if (!explain_allowed_) return Refused{Refusal::not_allowed, kNotAllowed};
  std::string allowed;
  for (const auto& entry : allow_) {
    std::string next = (allowed.empty() ? "" : ", ") + entry.to_string();
    if (allowed.size() + next.size() > 60) {
      allowed += ", ...";
      break;
    }
    allowed += next;
  }
  return Refused{Refusal::not_allowed, std::string(kNotAllowed) + "; " +
                                           (allowed.empty() ? "it takes tokens only" : "it allows " + allowed)};
}

bool TargetPolicy::address_permitted(const net::HostPort& target, const net::SocketAddress& address) const {
  return names_address_explicitly(target.host) || net::is_public_address(address);
}

}  // namespace asyncplay::relay
