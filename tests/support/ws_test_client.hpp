#pragma once
// A deliberately low-level WebSocket client for testing the relay: it writes
// whatever bytes a test gives it (well-formed or not) and reads the server's
// frames one by one. Each wait is bounded in time.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/tcp_stream.hpp"
#include "runtime/time/timeout.hpp"
#include "support/net_fixture.hpp"
#include "ws/frame.hpp"

namespace asyncplay::testing {

// An opening handshake, with its headers one per line ("Name: value").
inline std::string upgrade_request(const std::string& path, const std::string& protocol = "binary",
                                   const std::string& extra = "") {
  std::string r = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  if (!protocol.empty()) r += "Sec-WebSocket-Protocol: " + protocol + "\r\n";
  return r + extra + "\r\n";
}

struct WsFrame {
  std::uint8_t opcode = 0;
  bool fin = false;
  std::string payload;
  std::uint16_t close_code() const {
    return payload.size() >= 2 ? static_cast<std::uint16_t>((std::uint8_t(payload[0]) << 8) | std::uint8_t(payload[1]))
                               : 0;
  }
};

class WsTestClient {
 public:
  static Task<std::unique_ptr<WsTestClient>> connect(std::uint16_t port) {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
    if (!socket) throw Failure(socket.error());
    co_return std::unique_ptr<WsTestClient>(new WsTestClient(std::move(*socket)));
  }

  Task<void> send_raw(std::string bytes) {
    auto written = co_await socket_.write_all(bytes);
    if (!written) throw Failure(written.error());
  }

  Task<void> send(ws::Opcode opcode, std::string payload, bool fin = true) {
    co_await send_raw(ws::encode_masked_frame(opcode, payload, {0x12, 0x34, 0x56, 0x78}, fin));
  }

  // The response head, up to and including the blank line; "" if the server
  // closed or was silent for `limit`.
  Task<std::string> response_head(Clock::duration limit = 5s) {
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (!co_await fill(limit)) co_return "";
    }
    auto end = buffer_.find("\r\n\r\n") + 4;
    std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end);
    co_return head;
  }

  // The next frame from the server; nullopt on end of stream or after `limit`.
  Task<std::optional<WsFrame>> next_frame(Clock::duration limit = 5s) {
    while (true) {
      if (auto frame = parse()) co_return frame;
      if (!co_await fill(limit)) co_return std::nullopt;
    }
  }

  // The next frame that is not a ping; each ping is answered with a pong, as
  // browsers do by themselves.
  // Nullopt on end of stream or once `limit` has passed, pings or not.
  Task<std::optional<WsFrame>> next_frame_answering_pings(Clock::duration limit = 5s) {
    auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      auto frame = co_await next_frame(deadline - Clock::now());
      if (!frame) break;
      if (frame->opcode != 9) co_return frame;
      ++pings_answered_;
      co_await send(ws::Opcode::pong, frame->payload);
    }
    co_return std::nullopt;
  }
  int pings_answered() const { return pings_answered_; }

  // Reads frames until a close frame; its code (0 when the stream just ended).
  Task<std::uint16_t> close_code(Clock::duration limit = 5s) {
    while (auto frame = co_await next_frame(limit)) {
      if (frame->opcode == 8) co_return frame->close_code();
    }
    co_return 0;
  }

  // Reads (and drops) until the server ends its stream: true, or false if it
  // is still open after `limit`.
  Task<bool> closed_by_server(Clock::duration limit) {
    auto until_end = [](net::TcpStream& s) -> Task<void> {
      char buf[4096];
      while (true) {
        auto n = co_await s.read(buf);
        if (!n || *n == 0) co_return;
      }
    };
    auto ended = co_await timeout(limit, until_end(socket_));
    co_return ended.ok();
  }

  net::TcpStream& socket() { return socket_; }

 private:
  explicit WsTestClient(net::TcpStream socket) : socket_(std::move(socket)) {}

  Task<bool> fill(Clock::duration limit) {
    char buf[16384];
    auto n = co_await timeout(limit, socket_.read(buf));
    if (!n || *n == 0) co_return false;
    buffer_.append(buf, *n);
    co_return true;
  }

  std::optional<WsFrame> parse() {
    if (buffer_.size() < 2) return std::nullopt;
    auto b0 = std::uint8_t(buffer_[0]), b1 = std::uint8_t(buffer_[1]);
    std::size_t length = b1 & 0x7f, at = 2;
    if (length == 126) {
      if (buffer_.size() < 4) return std::nullopt;
      length = (std::uint8_t(buffer_[2]) << 8) | std::uint8_t(buffer_[3]);
      at = 4;
    } else if (length == 127) {
      if (buffer_.size() < 10) return std::nullopt;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | std::uint8_t(buffer_[2 + i]);
      at = 10;
    }
    if (buffer_.size() < at + length) return std::nullopt;
    WsFrame frame{static_cast<std::uint8_t>(b0 & 0x0f), (b0 & 0x80) != 0, buffer_.substr(at, length)};
    buffer_.erase(0, at + length);
    return frame;
  }

  net::TcpStream socket_;
  std::string buffer_;  // bytes read and not yet parsed
  int pings_answered_ = 0;
};

}  // namespace asyncplay::testing
