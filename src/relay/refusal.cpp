// Closing a tunnel that never started (relay/refusal.hpp).
#include "relay/refusal.hpp"

#include <vector>

#include "net/buf_reader.hpp"
#include "runtime/time/timeout.hpp"
#include "ws/frame.hpp"
#include "ws/receiver.hpp"

namespace asyncplay::relay {
namespace {

// Reads the page's frames (from `early`, the bytes that came with its request,
// then the socket) until its close frame (the answer to ours) or the end of
// its stream; data frames sent before it saw ours are dropped. After a
// violation the framing is lost: the rest is drained until the end, so
// nothing unread makes the close an RST that could destroy our close frame.
Task<void> await_close_answer(net::TcpStream& client, std::string early, const RelayOptions& options) {
  ws::Receiver receiver({options.limits.max_message, true});
  std::vector<ws::Receiver::Event> events;
  bool framing = true;
  while (true) {
    std::string_view chunk = early;
    if (chunk.empty()) {
      // The thread's shared scratch: what is read is fed to the receiver (which
      // copies what it keeps) before anything here waits again.
      auto scratch = net::detail::scratch_buffer();
      auto n = co_await client.read(scratch);
      if (!n || *n == 0) co_return;
      chunk = {scratch.data(), *n};
    }
    if (framing) {
      events.clear();
      auto error = receiver.feed(chunk, events);
      for (const auto& event : events) {
        if (event.kind == ws::Receiver::Event::Kind::close) co_return;
      }
      if (error) framing = false;
    }
    early.clear();
  }
}

}  // namespace

// Closes a tunnel that never started: our close frame, then the end of our
// stream, as RFC 6455 7.1.1 has the server close TCP first. The connection
// ends as soon as the page answers (or closes); close_timeout only bounds a
// page that never does.
Task<void> refuse(net::TcpStream& client, std::string early, std::uint16_t code, const std::string& reason,
                  const RelayOptions& options) {
  if (!co_await client.write_all(ws::encode_close(code, reason))) co_return;
  (void)client.shutdown(net::Shutdown::write);
  auto answered = await_close_answer(client, std::move(early), options);
  (void)co_await timeout(options.limits.close_timeout, std::move(answered));
}

}  // namespace asyncplay::relay
