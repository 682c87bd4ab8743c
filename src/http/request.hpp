#pragma once
// An HTTP/1.1 request head (RFC 9112): the request line and the header fields,
// parsed from bytes as they arrive. No I/O and no body: the relay serves GET
// only, and a WebSocket upgrade has no body either.
//
// Strict where leniency is how smuggling and confusion happen: one SP between
// the parts of the request line, header names that are tokens with the colon
// right after them, no obsolete line folding, no control characters, exactly
// one Host in HTTP/1.1, no Transfer-Encoding (we read no bodies). Lenient where
// RFC 9112 allows it: bare LF ends a line, empty lines before the request line
// are skipped.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace asyncplay::http {

struct Header {
  std::string name;   // as received
  std::string value;  // without leading and trailing spaces and tabs
};

struct Request {
  std::string method, target, version;  // version: "HTTP/1.1" or "HTTP/1.0"
  std::vector<Header> headers;          // in the order received, repeats kept

  // The first header called `name` (case-insensitive), null if none.
  const std::string* header(std::string_view name) const;
  // Whether any header called `name` lists `token` in its comma-separated
  // value, case-insensitively: header_has_token("Connection", "upgrade") is
  // true for "Connection: keep-alive, Upgrade".
  bool header_has_token(std::string_view name, std::string_view token) const;
};

struct RequestLimits {
  std::size_t max_request_line = 8192;   // bytes, without the line ending (414 beyond)
  std::size_t max_header_bytes = 16384;  // every header line with its ending, and the blank line (431 beyond)
  std::size_t max_headers = 64;          // header fields (431 beyond)
};

// States: request_line -> headers -> done, and any of the first two -> error.
// Only the line being read is buffered, and never more than its limit allows,
// so a client sending a gigabyte of header costs max_header_bytes.
class RequestParser {
 public:
  enum class State { need_more, done, error };

  explicit RequestParser(RequestLimits limits = {});

  // Consumes bytes up to and including the blank line that ends the head (or
  // up to the byte where an error was found); returns how many it consumed.
  // Bytes after the head (e.g. a WebSocket frame sent early) are the caller's.
  // Once done or failed it consumes nothing.
  std::size_t feed(std::string_view bytes);

  State state() const;
  const Request& request() const;  // valid when done
  // When failed: 400 bad syntax, 414 request line too long, 431 header too
  // large or too many, 501 Transfer-Encoding, 505 HTTP version not 1.0 or 1.1.
  int error_status() const;
  const std::string& error_reason() const;  // short text for the response body

 private:
  enum class Phase { request_line, headers, done, error };

  void take_line(std::string_view line);  // a whole line, without its ending
  void parse_request_line(std::string_view line);
  void parse_header(std::string_view line);
  void finish();  // after the blank line: checks that need every header
  void fail(int status, std::string reason);

  RequestLimits limits_;
  Phase phase_ = Phase::request_line;
  std::string line_;              // the current line so far, when it spans feeds
  std::size_t header_bytes_ = 0;  // header section bytes taken, for max_header_bytes
  std::size_t skipped_ = 0;       // empty lines before the request line count against its limit
  Request request_;
  int status_ = 0;
  std::string reason_;
};

}  // namespace asyncplay::http
