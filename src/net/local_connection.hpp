#pragma once
// One end of a connection to or from the in-browser host (docs/LOCAL_HOST.md):
// what makes a page's MessagePort behave like TCP where it matters. Bytes
// arrive in order; `eof` is a half-close and `close` the end (with a reason,
// an abort); and each direction has a window: a sender may have at most
// kWindow bytes unread by the receiver, which hands credit back as it reads.
// So a reader that stops makes the writer's writes go Pending, as a full TCP
// socket does, and neither end's queue grows past the window.
//
// This is the portable part (tested natively); the browser's glue
// (tcp_stream_local.cpp, tcp_listener_local.cpp) carries the messages to
// JavaScript through a Link and delivers what comes back with deliver().
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "net/tcp_stream.hpp"
#include "runtime/context.hpp"
#include "runtime/poll.hpp"
#include "runtime/result.hpp"

namespace asyncplay::net::local {

// The messages, in both directions. The numbers are the wire's (web/src/local/wire.js).
enum class Kind : std::uint8_t {
  data = 1,      // bytes, at most kMaxMessage
  eof = 2,       // the sender will send no more bytes (shutdown(write))
  close = 3,     // the sender's end is gone: no reason, an orderly close; a reason, an abort
  credit = 4,    // the receiver read `amount` more bytes: the sender may send as many again
  accepted = 5,  // to a connecting end: a listener took the connection
  refused = 6,   // to a connecting end: nothing listens on that port
};

inline constexpr std::size_t kWindow = 256 * 1024;     // unread bytes a sender may have in flight
inline constexpr std::size_t kMaxMessage = 64 * 1024;  // bytes in one data message
inline constexpr std::size_t kMaxReason = 256;         // bytes of a close reason
inline constexpr std::size_t kBacklog = 128;           // connections waiting for accept, per listener

// Carries one end's messages to the other end (JavaScript in the browser; a
// queue in tests). Never delivers synchronously: a message is handed over
// after the call that sent it returns.
class Link {
 public:
  virtual ~Link() = default;
  // Asks for a connection from `id` to the host's `port`; false: no host.
  virtual bool open(int id, std::uint16_t port) = 0;
  virtual void send(int id, Kind kind, std::string_view bytes, std::uint32_t amount) = 0;
};
void set_link(Link* link);  // null: none (connect fails)
Link* link();

class Connection {
 public:
  enum class Side { connecting, accepted };
  // Registers a new end with a fresh id. `name` is what peer_name() says.
  Connection(std::string name, Side side);
  ~Connection();  // an end still open sends `close`
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The connection with this id, or null (closed and gone, or never was).
  static Connection* find(int id);

  int id() const { return id_; }
  const std::string& name() const { return name_; }
  // Received bytes not yet read (at most kWindow).
  std::size_t queued_bytes() const { return queued_; }

  // What arrives from the other end. False: the message broke the rules
  // (more than the window, data after eof, credit not owed, a message this
  // side cannot get): this end is closed with the reason, and the other end
  // is told.
  bool receive(Kind kind, std::string_view bytes, std::uint32_t amount);

  Poll<Result<void>> poll_open(Context& cx);  // connecting: until accepted or refused
  Poll<Result<std::size_t>> poll_read(Context& cx, std::span<char> buffer);
  Poll<Result<std::size_t>> poll_write(Context& cx, std::span<const char> data);
  Result<void> shutdown(Shutdown how);
  // Ends this end because a message broke the rules; the other end is told
  // why. Always false (what receive() returns then).
  bool end_for_bad_message(const std::string& why);
  // Ends the connection as an abort (the page holding the other end went
  // away, or the host moved): reads and writes fail with `reason`.
  void abort(std::string reason);

 private:
  enum class Phase { connecting, open, closed };
  void send(Kind kind, std::string_view bytes = {}, std::uint32_t amount = 0);
  void wake_all(const char* what, std::int64_t amount);
  Error failure(const std::string& what) const;

  int id_;
  std::string name_;
  Phase phase_;
  bool refused_ = false;
  std::deque<std::string> incoming_;   // received, not yet read
  std::size_t offset_ = 0;             // read position in incoming_.front()
  std::size_t queued_ = 0;             // bytes in incoming_ not yet read
  std::size_t may_receive_ = kWindow;  // what the other end may still send before our next credit
  std::size_t read_uncredited_ = 0;    // read since the last credit we sent
  std::size_t may_send_ = kWindow;     // what we may still send before the other end's next credit
  bool peer_eof_ = false;              // no more bytes will come
  bool write_shut_ = false;            // we sent eof
  bool read_shut_ = false;             // shutdown(read): reads see the end
  bool close_sent_ = false;
  std::string abort_reason_;  // set: the connection was aborted, by either side
  Waker reader_, writer_, opener_;
};

// Delivers a message from the link to connection `id`. `kind` is a Kind, or
// kMalformed: the link found the message malformed and `bytes` says how.
inline constexpr int kMalformed = 0;
enum class Delivery { delivered, unknown_connection, broke_rules, bad_kind };
Delivery deliver(int id, int kind, std::string_view bytes, std::uint32_t amount);

}  // namespace asyncplay::net::local
