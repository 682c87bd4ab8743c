#include "http/request.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace asyncplay::http;
using State = RequestParser::State;
using namespace std::string_literals;

namespace {

constexpr const char* kUpgrade =
    "GET /relay?target=example.com:80 HTTP/1.1\r\n"
    "Host: relay.example\r\n"
    "Upgrade: websocket\r\n"
    "Connection: keep-alive, Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "\r\n";

// Feeds the whole text at once; the parser is then done or failed.
RequestParser parse(const std::string& text, RequestLimits limits = {}) {
  RequestParser p(limits);
  p.feed(text);
  return p;
}

int status_of(const std::string& text, RequestLimits limits = {}) {
  auto p = parse(text, limits);
  EXPECT_EQ(p.state(), State::error) << text;
  EXPECT_FALSE(p.error_reason().empty());
  return p.error_status();
}

std::string with_header(const std::string& line) { return "GET / HTTP/1.1\r\nHost: h\r\n" + line + "\r\n\r\n"; }

}  // namespace

TEST(RequestParser, ParsesAWebSocketUpgradeRequest) {
  RequestParser p;
  std::string text = kUpgrade;
  EXPECT_EQ(p.feed(text), text.size());
  ASSERT_EQ(p.state(), State::done);
  const Request& r = p.request();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/relay?target=example.com:80");
  EXPECT_EQ(r.version, "HTTP/1.1");
  ASSERT_EQ(r.headers.size(), 5u);
  EXPECT_EQ(r.headers[0].name, "Host");
  EXPECT_EQ(r.headers[0].value, "relay.example");
}

TEST(RequestParser, HeaderLookupIgnoresCaseAndGivesTheFirstMatch) {
  auto p = parse("GET / HTTP/1.1\r\nhost: a\r\nX-One: 1\r\nx-one: 2\r\n\r\n");
  ASSERT_EQ(p.state(), State::done);
  ASSERT_NE(p.request().header("HOST"), nullptr);
  EXPECT_EQ(*p.request().header("HOST"), "a");
  EXPECT_EQ(*p.request().header("X-ONE"), "1");
  EXPECT_EQ(p.request().header("Missing"), nullptr);
}

TEST(RequestParser, HeaderTokensAreFoundInCommaSeparatedListsAcrossRepeatedHeaders) {
  auto p = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive ,\tUpgrade\r\nX-List: a\r\nX-List: b, c\r\n\r\n");
  ASSERT_EQ(p.state(), State::done);
  const Request& r = p.request();
  EXPECT_TRUE(r.header_has_token("connection", "upgrade"));
  EXPECT_TRUE(r.header_has_token("Connection", "KEEP-ALIVE"));
  EXPECT_FALSE(r.header_has_token("Connection", "close"));
  EXPECT_FALSE(r.header_has_token("Connection", "upgrad"));
  EXPECT_TRUE(r.header_has_token("X-List", "c"));
  EXPECT_FALSE(r.header_has_token("Upgrade", "websocket"));
}

TEST(RequestParser, ValuesAreTrimmedOfSpacesAndTabs) {
  auto p = parse("GET / HTTP/1.1\r\nHost:\t  h \t\r\nEmpty:\r\n\r\n");
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(*p.request().header("Host"), "h");
  EXPECT_EQ(*p.request().header("Empty"), "");
}

TEST(RequestParser, AcceptsTheHeadOneByteAtATime) {
  RequestParser p;
  std::string text = kUpgrade;
  for (std::size_t i = 0; i < text.size(); ++i) {
    ASSERT_EQ(p.state(), State::need_more);
    EXPECT_EQ(p.feed(text.substr(i, 1)), 1u);
  }
  ASSERT_EQ(p.state(), State::done);
  EXPECT_TRUE(p.request().header_has_token("Upgrade", "websocket"));
}

TEST(RequestParser, StopsAtTheBlankLineAndLeavesWhatFollowsToTheCaller) {
  RequestParser p;
  std::string head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(p.feed(head + "\x81\x85rest"), head.size());
  EXPECT_EQ(p.state(), State::done);
  EXPECT_EQ(p.feed("more"), 0u) << "once done it consumes nothing";
}

TEST(RequestParser, ToleratesBareLineFeedsAndEmptyLinesBeforeTheRequestLine) {
  auto p = parse("\r\n\nGET / HTTP/1.1\nHost: h\n\n");
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.request().target, "/");
}

TEST(RequestParser, Http10NeedsNoHost) {
  auto p = parse("GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(p.state(), State::done);
  EXPECT_EQ(p.request().version, "HTTP/1.0");
}

TEST(RequestParser, WaitsForMoreUntilTheBlankLine) {
  RequestParser p;
  std::string text = "GET / HTTP/1.1\r\nHost: h\r\n";
  EXPECT_EQ(p.feed(text), text.size());
  EXPECT_EQ(p.state(), State::need_more);
}

TEST(RequestParser, RefusesMalformedRequestLines) {
  EXPECT_EQ(status_of("GET\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /\r\n\r\n"), 400) << "HTTP/0.9 has no version";
  EXPECT_EQ(status_of("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "two spaces";
  EXPECT_EQ(status_of("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), 400) << "trailing space";
  EXPECT_EQ(status_of(" GET / HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "leading space";
  EXPECT_EQ(status_of("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GE(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "( is not a token character";
  EXPECT_EQ(status_of("G\0T / HTTP/1.1\r\nHost: h\r\n\r\n"s), 400) << "NUL in the method";
  EXPECT_EQ(status_of("G\x01T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "control character in the method";
}

TEST(RequestParser, RefusesTargetsWithSpacesOrControlCharacters) {
  EXPECT_EQ(status_of("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n"s), 400);
  EXPECT_EQ(status_of("GET /a\x7f HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "raw non-ASCII is not a URI";
  EXPECT_EQ(status_of("GET /a\rb HTTP/1.1\r\nHost: h\r\n\r\n"), 400) << "bare CR";
}

TEST(RequestParser, RefusesMalformedVersionsWith400AndOtherVersionsWith505) {
  EXPECT_EQ(status_of("GET / HTTP/1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / http/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.10\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/2.0\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET / HTTP/1.2\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET / HTTP/0.9\r\n\r\n"), 505);
}

TEST(RequestParser, RefusesHeaderNamesThatAreNotTokens) {
  EXPECT_EQ(status_of(with_header("Bad Name: x")), 400);
  EXPECT_EQ(status_of(with_header("Name : x")), 400) << "space before the colon (RFC 9112 5.1)";
  EXPECT_EQ(status_of(with_header(": x")), 400) << "empty name";
  EXPECT_EQ(status_of(with_header("Na(me: x")), 400);
  EXPECT_EQ(status_of(with_header("N\x80me: x")), 400);
}

TEST(RequestParser, RefusesHeaderLinesWithoutAColon) { EXPECT_EQ(status_of(with_header("NoColonHere")), 400); }

TEST(RequestParser, RefusesObsoleteLineFolding) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nX-Long: a\r\n  b\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nX-Long: a\r\n\tb\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\n Host: h\r\n\r\n"), 400) << "whitespace before the first header";
}

TEST(RequestParser, RefusesControlCharactersAndNulInHeaderValues) {
  EXPECT_EQ(status_of(with_header("X: a\0b"s)), 400);
  EXPECT_EQ(status_of(with_header("X: a\rb")), 400) << "bare CR";
  EXPECT_EQ(status_of(with_header("X: a\x7f")), 400);
  EXPECT_EQ(status_of(with_header("X: a\x1b[31m")), 400);
  auto p = parse(with_header("X: caf\xc3\xa9\tok"));
  EXPECT_EQ(p.state(), State::done) << "tabs and obs-text are allowed";
}

TEST(RequestParser, Http11WithoutExactlyOneHostIsRefused) {
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"), 400);
}

TEST(RequestParser, TransferEncodingIsNotSupported) {
  EXPECT_EQ(status_of(with_header("Transfer-Encoding: chunked")), 501);
}

TEST(RequestParser, ContentLengthMustBeDigitsAndAgreeWithItself) {
  EXPECT_EQ(status_of(with_header("Content-Length: -1")), 400);
  EXPECT_EQ(status_of(with_header("Content-Length: 1, 1")), 400);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), 400);
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n").state(), State::done);
}

TEST(RequestParser, ALongRequestLineGets414WithoutBeingBuffered) {
  RequestLimits limits;
  limits.max_request_line = 32;
  std::string exact = "GET /" + std::string(32 - 14, 'a') + " HTTP/1.1";
  ASSERT_EQ(exact.size(), 32u);
  EXPECT_EQ(parse(exact + "\r\nHost: h\r\n\r\n", limits).state(), State::done) << "exactly the limit is fine";
  EXPECT_EQ(status_of("GET /" + std::string(32 - 13, 'a') + " HTTP/1.1\r\nHost: h\r\n\r\n", limits), 414);
  RequestParser p(limits);
  p.feed("GET /");
  for (int i = 0; i < 100 && p.state() == State::need_more; ++i) p.feed(std::string(1000, 'a'));
  EXPECT_EQ(p.state(), State::error);
  EXPECT_EQ(p.error_status(), 414);
}

TEST(RequestParser, EndlessEmptyLinesBeforeTheRequestLineEnd) {
  RequestLimits limits;
  limits.max_request_line = 64;
  RequestParser p(limits);
  for (int i = 0; i < 100 && p.state() == State::need_more; ++i) p.feed("\r\n");
  EXPECT_EQ(p.state(), State::error);
  EXPECT_EQ(p.error_status(), 414);
}

TEST(RequestParser, AGigabyteOfHeaderGets431AfterTheLimit) {
  RequestParser p;  // 16 KiB of header
  p.feed("GET / HTTP/1.1\r\nHost: h\r\nX-Big: ");
  std::string chunk(64 * 1024, 'x');
  std::size_t sent = 0;
  while (p.state() == State::need_more && sent < (std::size_t{1} << 30)) {
    p.feed(chunk);
    sent += chunk.size();
  }
  EXPECT_EQ(p.state(), State::error);
  EXPECT_EQ(p.error_status(), 431);
  EXPECT_LE(sent, chunk.size()) << "refused in the first chunk past the limit";
  EXPECT_EQ(p.feed(chunk), 0u) << "once failed it consumes nothing";
}

TEST(RequestParser, TheHeaderLimitCountsEveryHeaderLine) {
  RequestLimits limits;
  std::string head = "GET / HTTP/1.1\r\nHost: h\r\nX: 0123456789\r\n\r\n";
  std::string headers = head.substr(head.find("\r\n") + 2);
  limits.max_header_bytes = headers.size();
  EXPECT_EQ(parse(head, limits).state(), State::done) << "exactly the limit is fine";
  limits.max_header_bytes = headers.size() - 1;
  EXPECT_EQ(status_of(head, limits), 431);
}

TEST(RequestParser, TooManyHeadersGet431) {
  RequestLimits limits;
  limits.max_headers = 3;
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", limits).state(), State::done);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits), 431);
}

TEST(RequestParser, StopsConsumingAtAnError) {
  RequestParser p;
  std::string bad = "GET / HTTP/9.9\r\n";
  std::size_t used = p.feed(bad + "Host: h\r\n\r\n");
  EXPECT_LE(used, bad.size());
  EXPECT_EQ(p.state(), State::error);
  EXPECT_EQ(p.feed("anything"), 0u);
}
