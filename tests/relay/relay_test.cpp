// The relay over real sockets: handshakes, frames, refusals, tunnels and
// backpressure, each bad input answered with its own status or close code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "net/address_class.hpp"
#include "net/relay_protocol.hpp"
#include "net/resolve.hpp"
#include "relay/server.hpp"
#include "runtime/join.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "support/echo_server.hpp"
#include "support/ws_test_client.hpp"
#include "ws/utf8.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
using asyncplay::net::TcpListener;
using asyncplay::net::TcpStream;
namespace rp = asyncplay::net::relay_protocol;

namespace {

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto echo = listen_local();
    echo_port = echo.local_addr().port();
    tasks.push_back(executor.spawn(echo_server(std::move(echo))));
    options = std::make_shared<relay::RelayOptions>();
    options->log = nullptr;
    options->policy = relay::TargetPolicy({{"127.0.0.1", echo_port}}, {{"echo", {"127.0.0.1", echo_port}}});
  }
  // Starts the relay with `options` as the test left them.
  void start_relay() {
    auto listener = listen_local();
    relay_port = listener.local_addr().port();
    tasks.push_back(executor.spawn(relay::serve_relay(std::move(listener), options)));
  }
  void TearDown() override {
    for (auto& t : tasks) t.cancel();
    EXPECT_EQ(executor.live_tasks(), 0u);
  }
  std::string to_echo() const { return "/relay?target=127.0.0.1%3A" + std::to_string(echo_port); }

  Executor executor;
  std::vector<JoinHandle<void>> tasks;
  std::shared_ptr<relay::RelayOptions> options;
  std::uint16_t echo_port = 0, relay_port = 0;
};

Task<std::unique_ptr<WsTestClient>> open(std::uint16_t port, std::string request, std::string* head = nullptr) {
  auto client = co_await WsTestClient::connect(port);
  co_await client->send_raw(std::move(request));
  std::string response = co_await client->response_head();
  if (head) *head = response;
  co_return client;
}

Task<std::string> status_of(std::uint16_t port, std::string request) {
  std::string head;
  auto client = co_await open(port, std::move(request), &head);
  co_return head.substr(0, head.find("\r\n"));
}

}  // namespace

TEST_F(RelayTest, ABinaryTunnelCarriesBytesBothWaysAndClosesCleanly) {
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    std::string head;
    auto c = co_await open(port, upgrade_request(path), &head);
    EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 101 Switching Protocols");
    EXPECT_NE(head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Sec-WebSocket-Protocol: binary\r\n"), std::string::npos) << head;
    co_await c->send(ws::Opcode::binary, "hello, ");
    co_await c->send(ws::Opcode::binary, "relay");
    std::string echoed;
    while (echoed.size() < 12) {
      auto frame = co_await c->next_frame();
      if (!frame || frame->opcode != 2) break;
      echoed += frame->payload;
    }
    EXPECT_EQ(echoed, "hello, relay");
    co_await c->send(ws::Opcode::close, std::string("\x03\xe8", 2));
    EXPECT_EQ(co_await c->close_code(), 1000);
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, OurSubprotocolSaysConnectedAndCarriesHalfCloseBothWays) {
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    std::string head;
    // The page's order: binary first (for websockify), and still ours is picked.
    auto c = co_await open(port, upgrade_request(path, "binary, asyncplay.tcp.v1"), &head);
    EXPECT_NE(head.find("Sec-WebSocket-Protocol: asyncplay.tcp.v1\r\n"), std::string::npos) << head;
    auto hello = co_await c->next_frame();
    CO_ASSERT_TRUE(hello);
    EXPECT_EQ(hello->opcode, 1);
    EXPECT_EQ(hello->payload, "connected");
    co_await c->send(ws::Opcode::binary, "GET / HTTP/1.1\r\n\r\n");
    co_await c->send(ws::Opcode::text, "eof");  // the echo server then ends its side too
    std::string echoed;
    std::optional<WsFrame> frame;
    while ((frame = co_await c->next_frame()) && frame->opcode == 2) echoed += frame->payload;
    EXPECT_EQ(echoed, "GET / HTTP/1.1\r\n\r\n");
    CO_ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 1);
    EXPECT_EQ(frame->payload, "eof");
    EXPECT_EQ(co_await c->close_code(), 1000) << "both halves done: the relay closes normally";
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, EveryRefusedTargetGetsItsOwnCloseCode) {
  std::uint16_t closed_port;
  {
    auto l = listen_local();
    closed_port = l.local_addr().port();
  }
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  options->policy = relay::TargetPolicy({{"127.0.0.1", closed_port}, {host, echo_port}}, {{"echo", {"127.0.0.1", echo_port}}});
  start_relay();
  auto code_for = [](std::uint16_t port, std::string path) -> Task<std::uint16_t> {
    auto c = co_await open(port, upgrade_request(path));
    co_return co_await c->close_code();
  };
  auto body = [&](std::uint16_t port) -> Task<void> {
    EXPECT_EQ(co_await code_for(port, "/relay"), rp::close_code::bad_request);
    EXPECT_EQ(co_await code_for(port, "/relay?target=%zz"), rp::close_code::bad_request);
    EXPECT_EQ(co_await code_for(port, "/relay?target=127.0.0.1:22"), rp::close_code::not_allowed);
    EXPECT_EQ(co_await code_for(port, "/relay?target=169.254.169.254:80"), rp::close_code::not_allowed);
    EXPECT_EQ(co_await code_for(port, "/relay?token=nope"), rp::close_code::unknown_token);
    EXPECT_EQ(co_await code_for(port, "/relay?target=127.0.0.1:" + std::to_string(closed_port)), rp::close_code::refused);
    auto resolved = co_await net::resolve(host, 80);
    if (resolved && !resolved->empty() && !net::is_public_address((*resolved)[0])) {
      // A name on the allow-list that resolves to a loopback address.
      EXPECT_EQ(co_await code_for(port, "/relay?target=" + std::string(host) + ":" + std::to_string(echo_port)),
                rp::close_code::private_address);
    }
  };
  run(executor, body(relay_port));
}

// RFC 6455 7.1.1: the server closes TCP first. A page (Python's websockets,
// Chromium) answers our close and waits for that; the relay must not hold the
// connection, and its per-address slot, until close_timeout. The timeout here
// is a minute, so a relay that waits for it fails the test's 10 s bound.
// The relay's log line for a connection is written when it lets go of it.
Task<bool> logged_lines(std::FILE* log, std::size_t lines, Clock::duration limit) {
  auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    std::fflush(log);
    std::rewind(log);
    std::size_t seen = 0;
    for (int c; (c = std::fgetc(log)) != EOF;) seen += c == '\n';
    std::fseek(log, 0, SEEK_END);
    if (seen >= lines) co_return true;
    co_await sleep(10ms);  // polling a file for a bounded time; nothing to be woken by
  }
  co_return false;
}

TEST_F(RelayTest, ARefusalEndsTheConnectionAsSoonAsThePageAnswers) {
  std::uint16_t closed_port;
  {
    auto l = listen_local();
    closed_port = l.local_addr().port();
  }
  std::FILE* log = std::tmpfile();
  ASSERT_NE(log, nullptr);
  options->log = log;
  options->policy = relay::TargetPolicy({{"127.0.0.1", closed_port}}, {});
  options->limits.close_timeout = 60s;
  options->limits.max_per_client = 8;
  start_relay();
  int done = 0;
  // The page answers the close; the relay ends its stream and lets go of the
  // connection (its log line) long before the minute of close_timeout.
  auto refused_and_ended = [&](std::uint16_t port, std::string path) -> Task<bool> {
    auto c = co_await open(port, upgrade_request(path));
    auto frame = co_await c->next_frame();
    if (!frame || frame->opcode != 8) co_return false;
    co_await c->send(ws::Opcode::close, frame->payload.substr(0, 2));  // the page's answer: the same code
    bool ended = co_await c->closed_by_server(10s);
    co_return ended && co_await logged_lines(log, ++done, 10s);
  };
  auto body = [&](std::uint16_t port) -> Task<void> {
    EXPECT_TRUE(co_await refused_and_ended(port, "/relay?target=127.0.0.1:22")) << "not allowed";
    EXPECT_TRUE(co_await refused_and_ended(port, "/relay?target=%zz")) << "bad request";
    EXPECT_TRUE(co_await refused_and_ended(port, "/relay?target=127.0.0.1:" + std::to_string(closed_port)))
        << "connection refused by the target";
    // One after another from one address, more than its cap: none waits for a slot.
    for (int i = 0; i < 20; ++i) {
      std::string head;
      auto c = co_await open(port, upgrade_request("/relay?target=127.0.0.1:22"), &head);
      EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 101 Switching Protocols") << "refusal " << i;
      CO_ASSERT_TRUE(head.rfind("HTTP/1.1 101 ", 0) == 0);
      EXPECT_EQ(co_await c->close_code(), rp::close_code::not_allowed);
      co_await c->send(ws::Opcode::close, std::string("\x0f\xa1", 2));
      EXPECT_TRUE(co_await c->closed_by_server(10s));
      EXPECT_TRUE(co_await logged_lines(log, ++done, 10s)) << "refusal " << i << " still held";
    }
  };
  run(executor, body(relay_port));
  options->log = nullptr;
  std::fclose(log);
}

// After a protocol error the page's answer cannot be read (the framing is
// lost), so the relay ends its stream after its close frame: the page, seeing
// that, closes, and the tunnel ends then, not at close_timeout.
TEST_F(RelayTest, AProtocolErrorEndsTheConnectionOnceThePageCloses) {
  options->limits.close_timeout = 60s;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto c = co_await open(port, upgrade_request(path));
    co_await c->send_raw(ws::encode_frame(ws::Opcode::binary, "unmasked"));  // a client's frames must be masked
    EXPECT_EQ(co_await c->close_code(), ws::close_code::protocol_error);
    EXPECT_TRUE(co_await c->closed_by_server(10s)) << "the relay's stream did not end after its close";
  };
  run(executor, body(relay_port, to_echo()));
}

// A client's bytes in a close reason arrive as valid UTF-8 (else Node's ws
// and browsers fail the connection with 1006 and the page never sees 4000).
TEST_F(RelayTest, ACloseReasonIsValidUtf8WhateverTheTargetHeld) {
  start_relay();
  auto body = [](std::uint16_t port) -> Task<void> {
    for (std::string target : {"%FF%FE:80", "%C3:80", "x%00y:80", "%E2%80%AEevil:80"}) {
      auto c = co_await open(port, upgrade_request("/relay?target=" + target));
      auto frame = co_await c->next_frame();
      CO_ASSERT_TRUE(frame);
      EXPECT_EQ(frame->opcode, 8);
      std::string reason = frame->payload.substr(2);
      EXPECT_TRUE(ws::is_valid_utf8(reason)) << target << ": " << reason;
      EXPECT_LE(frame->payload.size(), 125u);
      EXPECT_EQ(reason.find_first_of(std::string("\0\n\r", 3)), std::string::npos) << reason;
    }
  };
  run(executor, body(relay_port));
}

// What a client sends cannot add a line to the relay's log.
TEST_F(RelayTest, NoClientCanForgeALogLine) {
  std::FILE* log = std::tmpfile();
  ASSERT_NE(log, nullptr);
  options->log = log;
  start_relay();
  auto body = [](std::uint16_t port) -> Task<void> {
    // A target whose decoded form holds a newline, then what looks like an entry.
    std::string forged = "/relay?target=x%0Arelay:%2010.0.0.1:1234%20-%3E%20secret.internal:22%0D:80";
    auto c = co_await open(port, upgrade_request(forged));
    EXPECT_EQ(co_await c->close_code(), rp::close_code::bad_request);
    co_await c->send(ws::Opcode::close, std::string("\x0f\xa0", 2));
    EXPECT_TRUE(co_await c->closed_by_server(10s));
    // A request head the parser refuses, carrying a newline of its own.
    auto d = co_await open(port, "GET /relay HTTP/1.1\r\nHost: x\r\nX\nrelay: 10.0.0.2 forged: y\r\n\r\n");
    EXPECT_TRUE(co_await d->closed_by_server(10s));
  };
  run(executor, body(relay_port));
  std::fflush(log);
  std::rewind(log);
  std::string text;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, log)) text.append(buf, n);
  std::fclose(log);
  options->log = nullptr;
  std::size_t lines = 0;
  for (std::size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    ++lines;
    EXPECT_EQ(text.compare(at, 14, "relay: 127.0.0"), 0) << "a line the relay did not write:\n" << text;
  }
  EXPECT_EQ(lines, 2u) << "one line per connection:\n" << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
  EXPECT_NE(text.find("x\\nrelay: 10.0.0.1:1234"), std::string::npos) << "the target, escaped:\n" << text;
}

// Keepalive: a page that answers pings is alive however quiet it is, and a
// peer that answers nothing (gone without a FIN) is ended after two intervals.
// (Intervals of a few hundred ms: a loaded machine running ASan builds may
// stall a task for tens of ms, and a live page must not look dead then.)
TEST_F(RelayTest, APageThatAnswersPingsIsNeverIdle) {
  options->limits.ping_interval = 200ms;
  options->limits.idle_timeout = 1s;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto c = co_await open(port, upgrade_request(path));
    // Quiet (no data) for well over the idle timeout, answering pings only.
    auto quiet_until = Clock::now() + 2500ms;
    while (Clock::now() < quiet_until) {
      auto frame = co_await c->next_frame_answering_pings(quiet_until - Clock::now() + 10ms);
      if (frame) ADD_FAILURE() << "the relay sent opcode " << int(frame->opcode) << " to a live page";
      CO_ASSERT_TRUE(!frame);
    }
    EXPECT_GE(c->pings_answered(), 5) << "pinged every 200 ms";
    co_await c->send(ws::Opcode::binary, "still here");
    auto echoed = co_await c->next_frame_answering_pings();
    CO_ASSERT_TRUE(echoed);
    EXPECT_EQ(echoed->opcode, 2);
    EXPECT_EQ(echoed->payload, "still here");
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, APeerThatAnswersNoPingsIsEndedAfterTwoIntervals) {
  options->limits.ping_interval = 100ms;
  options->limits.idle_timeout = 60s;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto c = co_await open(port, upgrade_request(path));
    std::optional<WsFrame> frame;
    int pings = 0;
    while ((frame = co_await c->next_frame(10s)) && frame->opcode == 9) ++pings;  // never answered
    CO_ASSERT_TRUE(frame);
    EXPECT_GE(pings, 1);
    EXPECT_EQ(frame->opcode, 8);
    EXPECT_EQ(frame->close_code(), rp::close_code::idle_timeout);
    EXPECT_EQ(frame->payload.substr(2), "no answer to pings for 200 ms");
  };
  run(executor, body(relay_port, to_echo()));
}

// A page reading slower than its target sends: the frame queue and the
// socket buffers are full, so a ping waits behind megabytes of data and its
// pong comes late. The page is plainly there (it acknowledges what it reads),
// so it must not be ended as a dead peer in the middle of its download.
TEST_F(RelayTest, ASlowReaderIsNotTakenForADeadPeer) {
  auto flood_listener = listen_local();
  auto flood_port = flood_listener.local_addr().port();
  options->policy = relay::TargetPolicy({{"127.0.0.1", flood_port}}, {});
  options->limits.ping_interval = 100ms;
  options->limits.idle_timeout = 60s;
  start_relay();
  auto flood = [](TcpListener& l) -> Task<void> {
    auto s = (co_await l.accept()).value();
    std::string chunk(64 * 1024, 'f');
    while (co_await s.write_all(chunk)) {
    }
  };
  auto page = [](std::uint16_t port, std::uint16_t target) -> Task<void> {
    auto c = co_await open(port, upgrade_request("/relay?target=127.0.0.1:" + std::to_string(target)));
    auto slow_until = Clock::now() + 1500ms;  // 15 ping intervals of slow reading ...
    while (Clock::now() < slow_until) {
      auto frame = co_await c->next_frame_answering_pings(5s);
      CO_ASSERT_TRUE(frame && frame->opcode == 2);
      co_await sleep(100ms);  // about 640 KB/s: the slowness is what is tested
    }
    // ... then reading at full speed until a ping sent meanwhile arrives.
    int answered = c->pings_answered();
    auto until = Clock::now() + 10s;
    while (c->pings_answered() == answered && Clock::now() < until) {
      auto frame = co_await c->next_frame_answering_pings(5s);
      if (frame && frame->opcode == 8) ADD_FAILURE() << "closed " << frame->close_code() << " " << frame->payload.substr(2);
      CO_ASSERT_TRUE(frame && frame->opcode == 2);
    }
    EXPECT_GT(c->pings_answered(), answered) << "a ping sent while the queue was full reached the page";
  };
  (void)run(executor, race(flood(flood_listener), page(relay_port, flood_port)));
}

// Behind one NAT address (a classroom), more tunnels than max_per_client:
// the cap counts handshakes in progress, not tunnels.
TEST_F(RelayTest, OneAddressMayHoldMoreTunnelsThanItsHandshakeCap) {
  options->limits.max_per_client = 4;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    std::vector<std::unique_ptr<WsTestClient>> open_tunnels;
    for (int i = 0; i < 12; ++i) {
      std::string head;
      open_tunnels.push_back(co_await open(port, upgrade_request(path), &head));
      EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 101 Switching Protocols") << "tunnel " << i;
    }
    for (auto& c : open_tunnels) co_await c->send(ws::Opcode::binary, "hi");
    for (auto& c : open_tunnels) {
      auto frame = co_await c->next_frame();
      CO_ASSERT_TRUE(frame);
      EXPECT_EQ(frame->payload, "hi");
    }
  };
  run(executor, body(relay_port, to_echo()));
}

// ... up to its own cap, so that one client cannot take every place.
TEST_F(RelayTest, TunnelsFromOneAddressHaveTheirOwnCap) {
  options->limits.max_tunnels_per_client = 3;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    std::vector<std::unique_ptr<WsTestClient>> open_tunnels;
    for (int i = 0; i < 3; ++i) {
      std::string head;
      open_tunnels.push_back(co_await open(port, upgrade_request(path), &head));
      EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 101 Switching Protocols") << "tunnel " << i;
    }
    EXPECT_EQ(co_await status_of(port, upgrade_request(path)), "HTTP/1.1 503 Service Unavailable");
  };
  run(executor, body(relay_port, to_echo()));
}

// ... while half-sent requests from one address are still capped, and one
// that sends nothing at all is cut long before the handshake timeout.
TEST_F(RelayTest, HalfSentRequestsAreCappedAndSilentOnesCutEarly) {
  options->limits.max_per_client = 3;
  options->limits.handshake_timeout = 60s;
  options->limits.first_byte_timeout = 200ms;
  start_relay();
  auto body = [](std::uint16_t port) -> Task<void> {
    // A connection that sends nothing (a browser's idle preconnect) is closed
    // without an answer at 200 ms, not at the 60 s handshake timeout.
    auto silent = co_await WsTestClient::connect(port);
    EXPECT_TRUE(co_await silent->closed_by_server(10s));
    EXPECT_EQ(co_await silent->response_head(1s), "") << "no 408 to a connection that asked nothing";
    std::vector<std::unique_ptr<WsTestClient>> half_sent;
    for (int i = 0; i < 3; ++i) {
      half_sent.push_back(co_await WsTestClient::connect(port));
      co_await half_sent.back()->send_raw("GET /relay HTTP/1.1\r\nHost: x\r\n");  // and no more
    }
    // The relay accepts in order and counts each before it reads: the fourth is refused.
    EXPECT_EQ(co_await status_of(port, upgrade_request("/relay?target=127.0.0.1:22")), "HTTP/1.1 503 Service Unavailable");
  };
  run(executor, body(relay_port));
}

TEST_F(RelayTest, MalformedHandshakesGetTheRightHttpStatus) {
  options->origins = {"https://play.example"};
  options->limits.handshake_timeout = 200ms;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto ok_origin = upgrade_request(path, "binary", "Origin: https://play.example\r\n");
    EXPECT_EQ(co_await status_of(port, ok_origin), "HTTP/1.1 101 Switching Protocols");
    EXPECT_EQ(co_await status_of(port, upgrade_request(path, "binary", "Origin: https://evil.example\r\n")),
              "HTTP/1.1 403 Forbidden");
    EXPECT_EQ(co_await status_of(port, upgrade_request(path)), "HTTP/1.1 403 Forbidden") << "no Origin at all";
    std::string origin = "Origin: https://play.example\r\n";
    EXPECT_EQ(co_await status_of(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + origin + "\r\n"),
              "HTTP/1.1 426 Upgrade Required");
    std::string v8 = upgrade_request(path, "binary", origin);
    v8.replace(v8.find("Version: 13"), 11, "Version: 8");
    std::string head;
    auto c = co_await open(port, v8, &head);
    EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 426 Upgrade Required");
    EXPECT_NE(head.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
    std::string bad_key = upgrade_request(path, "binary", origin);
    bad_key.replace(bad_key.find("dGhl"), 4, "!!!!");
    EXPECT_EQ(co_await status_of(port, bad_key), "HTTP/1.1 400 Bad Request");
    std::string post = upgrade_request(path, "binary", origin);
    post.replace(0, 3, "POST");
    EXPECT_EQ(co_await status_of(port, post), "HTTP/1.1 405 Method Not Allowed");
    EXPECT_EQ(co_await status_of(port, "GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(64 * 1024, 'a') + "\r\n\r\n"),
              "HTTP/1.1 431 Request Header Fields Too Large");
    std::string garbage = co_await status_of(port, "NOT HTTP AT ALL\r\n\r\n");
    EXPECT_EQ(garbage.substr(0, 12), "HTTP/1.1 400") << garbage;
    EXPECT_EQ(co_await status_of(port, "GET /relay HTTP/1.1\r\nHost: x\r\n"), "HTTP/1.1 408 Request Timeout")
        << "a head that never ends is cut off";
    EXPECT_EQ(co_await status_of(port, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 404 Not Found");
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, FramesBreakingRfc6455GetTheirCloseCodes) {
  options->limits.max_message = 1024;
  start_relay();
  auto code_after = [](std::uint16_t port, std::string path, std::string protocol, std::string bytes) -> Task<std::uint16_t> {
    auto c = co_await open(port, upgrade_request(path, protocol));
    if (protocol == "asyncplay.tcp.v1") (void)co_await c->next_frame();  // "connected"
    co_await c->send_raw(std::move(bytes));
    co_return co_await c->close_code();
  };
  auto body = [&](std::uint16_t port, std::string path) -> Task<void> {
    std::array<std::uint8_t, 4> mask{1, 2, 3, 4};
    std::string unmasked = ws::encode_frame(ws::Opcode::binary, "no mask");
    EXPECT_EQ(co_await code_after(port, path, "binary", unmasked), 1002);
    EXPECT_EQ(co_await code_after(port, path, "binary", ws::encode_masked_frame(ws::Opcode::text, "hi", mask)), 1003)
        << "websockify's convention: text is refused in binary mode";
    EXPECT_EQ(co_await code_after(port, path, "binary",
                                  ws::encode_masked_frame(ws::Opcode::binary, std::string(2000, 'x'), mask)),
              1009);
    EXPECT_EQ(co_await code_after(port, path, "asyncplay.tcp.v1",
                                  ws::encode_masked_frame(ws::Opcode::text, "\xff\xfe", mask)),
              1007);
    std::string reserved = ws::encode_masked_frame(ws::Opcode::binary, "x", mask);
    reserved[0] = static_cast<char>(0x83);  // opcode 3 is reserved
    EXPECT_EQ(co_await code_after(port, path, "binary", reserved), 1002);
    std::string rsv = ws::encode_masked_frame(ws::Opcode::binary, "x", mask);
    rsv[0] = static_cast<char>(rsv[0] | 0x40);
    EXPECT_EQ(co_await code_after(port, path, "binary", rsv), 1002);
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, PingGetsPongWithTheSamePayload) {
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto c = co_await open(port, upgrade_request(path));
    co_await c->send(ws::Opcode::ping, "are you there");
    auto pong = co_await c->next_frame();
    CO_ASSERT_TRUE(pong);
    EXPECT_EQ(pong->opcode, 10);
    EXPECT_EQ(pong->payload, "are you there");
  };
  run(executor, body(relay_port, to_echo()));
}

TEST_F(RelayTest, AnIdleTunnelIsClosedWithItsCode) {
  options->limits.idle_timeout = 200ms;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto c = co_await open(port, upgrade_request(path));
    EXPECT_EQ(co_await c->close_code(), rp::close_code::idle_timeout);
  };
  run(executor, body(relay_port, to_echo()));
}

// Tunnels are capped in all (max_connections), whoever holds them.
TEST_F(RelayTest, ConnectionsInAllAreLimited) {
  options->limits.max_connections = 2;
  start_relay();
  auto body = [](std::uint16_t port, std::string path) -> Task<void> {
    auto a = co_await open(port, upgrade_request(path));
    auto b = co_await open(port, upgrade_request(path));
    EXPECT_EQ(co_await status_of(port, upgrade_request(path)), "HTTP/1.1 503 Service Unavailable");
  };
  run(executor, body(relay_port, to_echo()));
}

// Resident memory of this process, in bytes.
std::uint64_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  unsigned long size = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%lu %lu", &size, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

// The page stops reading while the target floods: the relay must stop reading
// the target too, so what the target manages to write stays bounded.
TEST_F(RelayTest, WhenThePageStopsReadingTheRelayStopsReadingTheTarget) {
  auto flood_listener = listen_local();
  auto flood_port = flood_listener.local_addr().port();
  options->policy = relay::TargetPolicy({{"127.0.0.1", flood_port}}, {});
  start_relay();
  std::uint64_t flooded = 0;
  auto flood = [](TcpListener& l, std::uint64_t& written) -> Task<void> {
    auto s = (co_await l.accept()).value();
    std::string chunk(64 * 1024, 'f');
    // Writes until a write has been stuck for 500 ms: the relay stopped reading.
    while (written < (1ull << 30)) {
      auto w = co_await timeout(500ms, s.write_all(chunk));
      if (!w) co_return;
      written += chunk.size();
    }
  };
  auto page = [](std::uint16_t port, std::uint16_t target) -> Task<void> {
    auto c = co_await open(port, upgrade_request("/relay?target=127.0.0.1:" + std::to_string(target)));
    co_await sleep(1500ms);  // reads nothing
  };
  auto before = resident_bytes();
  run(executor, join(flood(flood_listener, flooded), page(relay_port, flood_port)));
  EXPECT_GT(flooded, 0u);
  EXPECT_LT(flooded, 64ull << 20) << "the relay kept reading from the target while the page read nothing";
  EXPECT_LT(resident_bytes() - std::min(before, resident_bytes()), 32ull << 20) << "memory grew with the flood";
}

// The other way round: the page floods while the target reads nothing.
TEST_F(RelayTest, WhenTheTargetStopsReadingTheRelayStopsReadingThePage) {
  auto sink_listener = listen_local();
  auto sink_port = sink_listener.local_addr().port();
  options->policy = relay::TargetPolicy({{"127.0.0.1", sink_port}}, {});
  start_relay();
  std::uint64_t sent = 0;
  auto sink = [](TcpListener& l) -> Task<void> {
    auto s = (co_await l.accept()).value();
    co_await sleep(1500ms);  // accepts, then reads nothing
  };
  auto page = [](std::uint16_t port, std::uint16_t target, std::uint64_t& written) -> Task<void> {
    auto c = co_await open(port, upgrade_request("/relay?target=127.0.0.1:" + std::to_string(target)));
    std::string frame = ws::encode_masked_frame(ws::Opcode::binary, std::string(64 * 1024, 'p'), {9, 8, 7, 6});
    while (written < (1ull << 30)) {
      auto w = co_await timeout(500ms, c->socket().write_all(frame));
      if (!w) co_return;  // stuck for 500 ms: the relay stopped reading
      written += frame.size();
    }
  };
  auto before = resident_bytes();
  run(executor, join(sink(sink_listener), page(relay_port, sink_port, sent)));
  EXPECT_GT(sent, 0u);
  EXPECT_LT(sent, 64ull << 20) << "the relay kept reading from the page while the target read nothing";
  EXPECT_LT(resident_bytes() - std::min(before, resident_bytes()), 32ull << 20) << "memory grew with the flood";
}

TEST_F(RelayTest, OtherPathsAreServedFromTheStaticDirectory) {
  auto dir = std::filesystem::temp_directory_path() / ("asyncplay-relay-static-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "index.html") << "<p>page";
  std::ofstream(dir / "app.wasm") << "wasm";
  options->static_dir = dir.string();
  start_relay();
  auto body = [](std::uint16_t port) -> Task<void> {
    std::string head;
    auto c = co_await open(port, "GET /app.wasm HTTP/1.1\r\nHost: x\r\n\r\n", &head);
    EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 200 OK");
    EXPECT_NE(head.find("Content-Type: application/wasm\r\n"), std::string::npos) << head;
    EXPECT_EQ(co_await status_of(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 200 OK");
    EXPECT_EQ(co_await status_of(port, "GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 404 Not Found");
    EXPECT_EQ(co_await status_of(port, "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 405 Method Not Allowed");
  };
  run(executor, body(relay_port));
  std::filesystem::remove_all(dir);
}

TEST_F(RelayTest, GeneratedFilesAreServedBeforeTheStaticDirectory) {
  options->generated_files["/config.json"] = "{\"chat\": \"127.0.0.1:7878\"}\n";
  start_relay();  // no static directory: only the generated file exists
  auto body = [](std::uint16_t port) -> Task<void> {
    std::string head;
    auto c = co_await open(port, "GET /config.json?x=1 HTTP/1.1\r\nHost: x\r\n\r\n", &head);
    EXPECT_EQ(head.substr(0, head.find("\r\n")), "HTTP/1.1 200 OK");
    EXPECT_NE(head.find("Content-Type: application/json\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Length: 27\r\n"), std::string::npos) << head;
    EXPECT_EQ(co_await status_of(port, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 404 Not Found");
    EXPECT_EQ(co_await status_of(port, "POST /config.json HTTP/1.1\r\nHost: x\r\n\r\n"),
              "HTTP/1.1 405 Method Not Allowed");
  };
  run(executor, body(relay_port));
}

// A page that stops reading for good while the target floods must still be
// cut off by the idle timeout: its close frame cannot get through (the queue
// to it is full), but the deadline holds and the relay lets go of the target.
TEST_F(RelayTest, AStuckPageIsCutOffByTheIdleTimeoutEvenWhenItsQueueIsFull) {
  auto flood_listener = listen_local();
  auto flood_port = flood_listener.local_addr().port();
  options->policy = relay::TargetPolicy({{"127.0.0.1", flood_port}}, {});
  options->limits.idle_timeout = 200ms;
  options->limits.close_timeout = 200ms;
  start_relay();
  // True when the relay closed the connection, false when writing just got stuck.
  auto flood = [](TcpListener& l) -> Task<bool> {
    auto s = (co_await l.accept()).value();
    std::string chunk(64 * 1024, 'f');
    while (true) {
      auto w = co_await timeout(2s, s.write_all(chunk));
      if (!w) co_return !w.error().is(std::errc::timed_out);
    }
  };
  auto page = [](std::uint16_t port, std::uint16_t target) -> Task<void> {
    auto c = co_await open(port, upgrade_request("/relay?target=127.0.0.1:" + std::to_string(target)));
    co_await sleep(3s);  // never reads, keeps the connection open
  };
  auto [closed_by_relay, ignored] = run(executor, join(flood(flood_listener), page(relay_port, flood_port)));
  EXPECT_TRUE(closed_by_relay) << "the tunnel outlived its idle timeout";
}
