// libFuzzer target for http::RequestParser. Input: one control byte (bit 7:
// small limits, to reach 414 and 431; the rest seeds how the bytes are cut into
// feeds), then the bytes a client sends. Checks, beyond "no crash, no leak, no UB":
//  - feeding it all at once and feeding it in pieces end the same way;
//  - a parsed head only holds what RFC 9112 allows (token method and names,
//    no spaces in the target, no control characters, trimmed values, Host);
//  - limits hold, an error has a known status and a reason.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "http/request.hpp"

using namespace asyncplay::http;
using asyncplay::fuzz::check;
using State = RequestParser::State;

namespace {

bool is_tchar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

void check_request(const Request& r, const RequestLimits& limits) {
  check(is_token(r.method), "the method is a token");
  check(!r.target.empty() && std::none_of(r.target.begin(), r.target.end(),
                                          [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }),
        "the target has no spaces or controls");
  check(r.version == "HTTP/1.1" || r.version == "HTTP/1.0", "the version is 1.0 or 1.1");
  check(r.headers.size() <= limits.max_headers, "at most max_headers");
  for (const auto& h : r.headers) {
    check(is_token(h.name), "a header name is a token");
    check(std::none_of(h.value.begin(), h.value.end(),
                       [](char c) { return c == '\r' || c == '\n' || c == '\0' || c == 0x7f; }),
          "a header value has no CR, LF, NUL or DEL");
    check(h.value.empty() || (h.value.front() != ' ' && h.value.front() != '\t' && h.value.back() != ' ' &&
                              h.value.back() != '\t'),
          "a header value is trimmed");
    check(r.header(h.name) != nullptr, "every header can be found by name");
  }
  check(r.version == "HTTP/1.0" || r.header("host") != nullptr, "HTTP/1.1 has a Host");
  check(r.header("Transfer-Encoding") == nullptr, "no Transfer-Encoding");
  // Exercised for memory errors; any answer is fine.
  (void)r.header_has_token("Connection", "upgrade");
  (void)r.header_has_token("Upgrade", "websocket");
  (void)r.header_has_token("Sec-WebSocket-Protocol", "binary");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  std::uint8_t control = data[0];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  RequestLimits limits;
  if (control & 0x80) limits = RequestLimits{40, 80, 4};

  RequestParser whole(limits);
  std::size_t whole_used = whole.feed(input);
  check(whole_used <= input.size(), "consumes at most what it is given");
  if (whole.state() != State::need_more) check(whole.feed(input) == 0, "done or failed consumes nothing");

  RequestParser pieces(limits);
  std::size_t pieces_used = 0;
  for (std::string_view piece : asyncplay::fuzz::split(input, control & 0x7f)) {
    std::size_t used = pieces.feed(piece);
    check(used <= piece.size(), "consumes at most what it is given");
    pieces_used += used;
    if (pieces.state() != State::need_more) break;
  }
  check(whole.state() == pieces.state(), "the same ending however the bytes are cut");

  if (whole.state() == State::done) {
    check(whole_used == pieces_used, "the head ends at the same byte however the bytes are cut");
    check(whole_used > 0 && input[whole_used - 1] == '\n', "the head ends with a line feed");
    check(whole_used <= limits.max_request_line + limits.max_header_bytes + 2, "the head is within the limits");
    const Request& a = whole.request();
    const Request& b = pieces.request();
    check(a.method == b.method && a.target == b.target && a.version == b.version, "the same request line");
    check(a.headers.size() == b.headers.size(), "the same headers");
    for (std::size_t i = 0; i < a.headers.size(); ++i) {
      check(a.headers[i].name == b.headers[i].name && a.headers[i].value == b.headers[i].value, "the same headers");
    }
    check_request(a, limits);
  } else if (whole.state() == State::error) {
    check(whole.error_status() == pieces.error_status(), "the same status however the bytes are cut");
    check(whole.error_reason() == pieces.error_reason(), "the same reason however the bytes are cut");
    int s = whole.error_status();
    check(s == 400 || s == 414 || s == 431 || s == 501 || s == 505, "a known error status");
    check(!whole.error_reason().empty(), "an error has a reason");
  }
  return 0;
}
