#include "http/request.hpp"

#include <algorithm>

namespace asyncplay::http {
namespace {

constexpr std::size_t npos = std::string_view::npos;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// tchar (RFC 9110 5.6.2): what methods and header names are made of.
bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

// A request-target is visible ASCII: no spaces, controls, DEL or raw non-ASCII
// (browsers percent-encode; anything else is not a URI).
bool is_target(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

// field-value characters: visible ASCII, SP, HTAB and obs-text; no CR, LF, NUL or other controls.
bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
  });
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

const std::string* Request::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (equals_ignoring_case(h.name, name)) return &h.value;
  }
  return nullptr;
}

bool Request::header_has_token(std::string_view name, std::string_view token) const {
  for (const auto& h : headers) {
    if (!equals_ignoring_case(h.name, name)) continue;
    std::string_view rest = h.value;
    while (true) {
      std::size_t comma = rest.find(',');
      if (equals_ignoring_case(trim(rest.substr(0, comma)), token)) return true;
      if (comma == npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

RequestParser::RequestParser(RequestLimits limits) : limits_(limits) {}

RequestParser::State RequestParser::state() const {
  switch (phase_) {
    case Phase::done: return State::done;
    case Phase::error: return State::error;
    default: return State::need_more;
  }
}

const Request& RequestParser::request() const { return request_; }
int RequestParser::error_status() const { return status_; }
const std::string& RequestParser::error_reason() const { return reason_; }

std::size_t RequestParser::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && (phase_ == Phase::request_line || phase_ == Phase::headers)) {
    std::string_view rest = bytes.substr(used);
    std::size_t newline = rest.find('\n');
    std::size_t piece = newline == npos ? rest.size() : newline;  // bytes of this line in `rest`
    std::size_t line_size = line_.size() + piece;                 // so far, maybe with a CR still to strip
    // The limits are checked before anything is copied, so nothing past them is ever kept.
    if (phase_ == Phase::request_line) {
      // +1: the line may still end in the CR of its CRLF.
      if (line_size + skipped_ > limits_.max_request_line + 1) {
        fail(414, "request line longer than " + std::to_string(limits_.max_request_line) + " bytes");
        return used + piece;
      }
    } else if (header_bytes_ + line_size + (newline == npos ? 0 : 1) > limits_.max_header_bytes) {
      fail(431, "request header larger than " + std::to_string(limits_.max_header_bytes) + " bytes");
      return used + piece;
    }
    if (newline == npos) {
      line_.append(rest);
      return bytes.size();
    }
    used += newline + 1;
    if (phase_ == Phase::headers) header_bytes_ += line_size + 1;
    if (line_.empty()) {
      take_line(rest.substr(0, newline));  // the common case: the whole line is in this feed, no copy
    } else {
      line_.append(rest.substr(0, newline));
      std::string line = std::move(line_);
      line_.clear();
      take_line(line);
    }
  }
  return used;
}

void RequestParser::take_line(std::string_view line) {
  std::size_t raw_size = line.size() + 1;  // with its line ending
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF, or bare LF (RFC 9112 2.2)
  if (phase_ == Phase::request_line) {
    if (line.empty()) {
      // RFC 9112 2.2: ignore empty lines before the request line; their bytes
      // count against its limit so that an endless stream of them ends.
      skipped_ += raw_size;
      return;
    }
    if (line.size() + skipped_ > limits_.max_request_line) {
      fail(414, "request line longer than " + std::to_string(limits_.max_request_line) + " bytes");
      return;
    }
    parse_request_line(line);
  } else if (line.empty()) {
    finish();
  } else {
    parse_header(line);
  }
}

void RequestParser::parse_request_line(std::string_view line) {
  // method SP request-target SP HTTP-version, with exactly one SP each.
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = sp1 == npos ? npos : line.find(' ', sp1 + 1);
  if (sp2 == npos) return fail(400, "malformed request line");
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return fail(400, "malformed method");
  if (!is_target(target)) return fail(400, "malformed request target");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !is_digit(version[5]) || version[6] != '.' ||
      !is_digit(version[7])) {
    return fail(400, "malformed HTTP version");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
  request_.method = method;
  request_.target = target;
  request_.version = version;
  phase_ = Phase::headers;
}

void RequestParser::parse_header(std::string_view line) {
  // A line starting with whitespace continues the previous one: obsolete line
  // folding, which RFC 9112 5.2 lets a server reject with 400.
  if (is_ows(line.front())) return fail(400, "obsolete line folding is not accepted");
  std::size_t colon = line.find(':');
  if (colon == npos) return fail(400, "header line without a colon");
  std::string_view name = line.substr(0, colon);
  // No whitespace between name and colon (RFC 9112 5.1): is_token refuses it.
  if (!is_token(name)) return fail(400, "malformed header name");
  std::string_view value = trim(line.substr(colon + 1));
  if (!is_field_value(value)) return fail(400, "control character in a header value");
  if (request_.headers.size() >= limits_.max_headers) {
    return fail(431, "more than " + std::to_string(limits_.max_headers) + " header fields");
  }
  request_.headers.push_back(Header{std::string(name), std::string(value)});
}

void RequestParser::finish() {
  // RFC 9112 3.2: an HTTP/1.1 request has exactly one Host.
  auto hosts = std::count_if(request_.headers.begin(), request_.headers.end(),
                             [](const Header& h) { return equals_ignoring_case(h.name, "Host"); });
  if (request_.version == "HTTP/1.1" && hosts == 0) return fail(400, "missing Host header");
  if (hosts > 1) return fail(400, "more than one Host header");
  // We read no bodies, so a chunked body would be taken for the next request.
  if (request_.header("Transfer-Encoding")) return fail(501, "Transfer-Encoding is not supported");
  // Content-Length must be digits, and the same if repeated (RFC 9112 6.3).
  const std::string* length = nullptr;
  for (const auto& h : request_.headers) {
    if (!equals_ignoring_case(h.name, "Content-Length")) continue;
    if (h.value.empty() || !std::all_of(h.value.begin(), h.value.end(), is_digit)) {
      return fail(400, "malformed Content-Length");
    }
    if (length && *length != h.value) return fail(400, "conflicting Content-Length headers");
    length = &h.value;
  }
  phase_ = Phase::done;
}

void RequestParser::fail(int status, std::string reason) {
  phase_ = Phase::error;
  status_ = status;
  reason_ = std::move(reason);
  std::string().swap(line_);
}

}  // namespace asyncplay::http
