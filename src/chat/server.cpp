#include "chat/server.hpp"

#include <memory>
#include <optional>

#include "chat/group_bus.hpp"
#include "chat/mailbox.hpp"
#include "chat/protocol.hpp"
#include "net/buf_reader.hpp"
#include "net/printable.hpp"
#include "runtime/join.hpp"
#include "runtime/sync/notify.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/stall_watch.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {
namespace {

using namespace std::chrono_literals;

void log_line(const ServerOptions& options, const std::string& peer, const std::string& what) {
  // `what` may quote a client (an unknown request's name): escaped, so it stays one line.
  if (options.log)
    std::fprintf(options.log, "chat-server: %s %s\n", peer.c_str(), net::printable(what).c_str());
}

// One connection's state, shared by its reader and its writer, and how each
// ended (kept here once, not in three places of the awaiting frame as a
// join's outputs would be: memory per idle connection).
struct Connection {
  explicit Connection(GroupTable& groups) : mailbox(groups) {}
  Mailbox mailbox;  // what the connection is owed
  Notify room;      // the writer took replies, or ended
  bool writer_ended = false;
  Result<void> read_outcome;
  Result<void> write_outcome;
};

// What a request line led to: the error to send back, if any, or a post to
// a group this server has never seen, which only the bus can tell about (on
// the heap: it is rare, and what read_requests holds across its awaits sits
// in every idle connection's frame).
struct Handled {
  std::optional<std::string> reply;
  std::unique_ptr<Post> ask_elsewhere;
};

// Does what one request line asks.
Handled handle_request(std::string_view line, GroupTable& groups, Mailbox& mailbox) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return {};  // blank line
  auto request = decode_from_client(line);
  if (!request) return {bad_request(request.error().context()), {}};
  if (auto* join = std::get_if<Join>(&*request)) {
    if (auto why = check_group_name(join->group_name, groups.limits()); !why.empty())
      return {bad_request(why), {}};
    Group* group = groups.get_or_create(join->group_name);
    if (!group) return {too_many_groups(groups.limits()), {}};
    mailbox.join(*group);  // a second join of the same group changes nothing: no second copy
    return {};
  }
  auto& post = std::get<Post>(*request);
  Group* group = groups.get(post.group_name);
  GroupBus* bus = groups.bus();
  if (!group && !bus) return {no_such_group(post.group_name), {}};
  if (!group && !groups.known_elsewhere(post.group_name)) return {std::nullopt, std::make_unique<Post>(std::move(post))};
  if (bus) bus->publish(post.group_name, post.message);  // other servers' members
  if (group) group->post(std::move(post.message), groups.stamp());
  return {};
}

// A post to a group never joined here: the bus says whether it was joined
// anywhere (once it was, it is remembered); if not, the poster is told.
// Whether it queued a reply.
Task<bool> post_elsewhere(Post post, GroupTable& groups, Mailbox& mailbox) {
  auto exists = co_await groups.bus()->exists_elsewhere(post.group_name);
  if (!exists) {
    mailbox.reply("Cannot tell whether group '" + post.group_name + "' exists: " + exists.error().message());
    co_return true;
  }
  if (!*exists) {
    mailbox.reply(no_such_group(post.group_name));
    co_return true;
  }
  groups.remember_elsewhere(post.group_name);
  groups.bus()->publish(post.group_name, post.message);
  // Someone here may have joined while Redis was asked: they get it here
  // (this server's own posts are not delivered back to it through Redis).
  if (Group* group = groups.get(post.group_name)) group->post(std::move(post.message), groups.stamp());
  co_return false;
}

// What the reader does after a line.
struct AfterLine {
  bool stop = false;                    // the end of the stream, or a read error (in read_outcome)
  bool replied = false;                 // an error reply was queued
  std::unique_ptr<Post> ask_elsewhere;  // a post only the bus can answer (rare: on the heap)
};

// Does what one line read asks, and queues its error reply, if any. A plain
// function, so that its strings and temporaries are not kept in the reader's
// frame, which every idle connection holds.
AfterLine take_line(net::LineBuffer::Line&& line, GroupTable& groups, Connection& connection) {
  if (!line) {
    if (!line.error().is(std::errc::message_size)) {
      connection.read_outcome = line.error();
      return {true, false, nullptr};
    }
    connection.mailbox.reply(bad_request(line.error().context()));
    return {false, true, nullptr};
  }
  if (!*line) return {true, false, nullptr};  // end of stream
  auto handled = handle_request(**line, groups, connection.mailbox);
  bool replied = handled.reply.has_value();
  if (replied) connection.mailbox.reply(std::move(*handled.reply));
  return {false, replied, std::move(handled.ask_elsewhere)};
}

// Reads requests until the client closes, then closes the mailbox: the
// writer sends what is due and ends. How it ended: connection.read_outcome.
Task<void> read_requests(net::TcpStream& socket, GroupTable& groups, Connection& connection) {
  net::BufReader reader(socket, groups.limits().max_line);
  // Requests handled since the last pause (no second count in the frame:
  // every idle connection holds this frame).
  for (std::size_t handled = 1;; ++handled) {
    AfterLine after = take_line(co_await reader.next_line(), groups, connection);
    if (after.stop) break;
    if (after.ask_elsewhere) {
      after.replied = co_await post_elsewhere(std::move(*after.ask_elsewhere), groups, connection.mailbox);
    }
    if (after.replied) {
      // A client that sends bad lines and never reads holds a bounded queue.
      while (connection.mailbox.replies_queued() >= groups.limits().outbound_queue && !connection.writer_ended) {
        co_await connection.room.notified();  // woken by the writer once it took replies, or ended
      }
      // No reply would be sent any more (the writer reports why); posts
      // already received until now still went to their groups.
      if (connection.writer_ended) break;
    }
    // A burst of posts arrives faster than it can be read from the socket, so
    // without a pause here no writer would run until the group's ring had
    // wrapped, and every member would lag.
    if (handled == requests_per_turn(groups.limits())) {
      handled = 0;
      co_await yield_now();
    }
  }
  connection.mailbox.close();
}

// What a writer gathers for one write: one buffer for the whole thread, as
// the bytes are handed to the socket before the writer waits for anything
// (WriteNow is never Pending; what the socket does not take is copied out).
// One buffer, written and sent at once, stays in the cache; on io_uring a
// batch per member sent at the park (a thousand buffers for a fan-out) cost
// more in copies and allocations than the system calls it saved.
std::string& gather_buffer() {
  thread_local std::string buffer;
  return buffer;
}

// Writes as much of `data` as the socket takes without waiting, and appends
// the rest to `rest`; a write error goes to `outcome`. Never Pending: `data`
// may be the thread's gather buffer (write_now() leaves no send in the
// kernel, on io_uring too).
class [[nodiscard]] WriteNow {
 public:
  using Output = void;
  WriteNow(net::TcpStream& socket, std::string_view data, std::string& rest, Result<void>& outcome)
      : socket_(socket), data_(data), rest_(rest), outcome_(outcome) {}
  Poll<void> poll(Context& cx) {
    std::size_t done = 0;
    while (done < data_.size()) {
      auto step = socket_.write_now(data_.substr(done)).poll(cx);
      // Socket full: the rest is kept and written by the caller (write_rest;
      // on epoll its wait is for the room this write asked to be told of).
      if (step.is_pending()) break;
      auto n = step.take();
      if (!n) {
        outcome_ = n.error();
        return ready();
      }
      done += *n;
    }
    rest_.append(data_.substr(done));
    return ready();
  }

 private:
  net::TcpStream& socket_;
  std::string_view data_;
  std::string& rest_;
  Result<void>& outcome_;
};

// Frees a buffer's memory (a plain function: a temporary in a coroutine would
// take a slot in its frame, idle or not).
void release(std::string& buffer) { std::string().swap(buffer); }

// Writes `rest`, what the socket did not take at once (on io_uring as a send
// the kernel completes once there is room): each step limited by
// the server's stall watch, so a slow reader that keeps taking bytes is not
// dropped; then empties it (its memory stays for the next batch). A coroutine
// of its own: its frame (the write, its place in the watch) exists only while
// a write waits, not in every idle connection's writer.
Task<void> write_rest(net::TcpStream& socket, std::string& rest, Result<void>& outcome, StallWatch& stall) {
  for (std::size_t sent = 0; sent < rest.size();) {
    auto step = co_await stall.limit(socket.write(std::string_view(rest).substr(sent)));
    if (!step) {
      outcome = step.error();
      co_return;
    }
    sent += *step;
  }
  rest.clear();
}

// The batch the writer sends next, in `into` (emptied first); the reader is
// told when replies were taken (it waits for room in a bounded queue).
std::string& take_batch(Connection& connection, std::size_t limit, std::string& into) {
  into.clear();
  std::size_t replies_before = connection.mailbox.replies_queued();
  connection.mailbox.take(into, limit);
  if (connection.mailbox.replies_queued() < replies_before) connection.room.notify_one();
  return into;
}

// The writer has ended: the reader is told; after an error, the socket is shut
// both ways (which ends the reader too) and the error names the peer.
void end_writing(net::TcpStream& socket, Connection& connection) {
  connection.writer_ended = true;
  connection.room.notify_one();
  if (Result<void>& outcome = connection.write_outcome; !outcome) {
    (void)socket.shutdown(net::Shutdown::both);
    outcome = outcome.error().within("write to " + socket.peer_name());
  }
}

// Writes what the connection is owed until the mailbox is closed and empty,
// as few writes as it can: what is due goes out together, up to 64 KiB (one
// line per write would cost a system call and a TCP segment per line). Only
// bytes the socket would not take at once are kept per connection, in a
// buffer freed when nothing is due. A peer that takes no byte for the stall
// watch's limit is dropped rather than holding them forever. How it ended:
// connection.write_outcome.
Task<void> write_replies(net::TcpStream& socket, Connection& connection, StallWatch& stall) {
  constexpr std::size_t kBatch = 64 * 1024;
  std::string rest;
  Result<void>& outcome = connection.write_outcome;
  while (outcome) {
    if (!rest.empty()) {
      co_await write_rest(socket, rest, outcome, stall);
      if (!outcome) break;
    }
    std::string& batch = take_batch(connection, kBatch, gather_buffer());
    if (batch.empty()) {
      if (connection.mailbox.is_closed()) break;
      release(rest);  // idle: hold no buffer
      co_await connection.mailbox.changed().notified();  // woken by a post to a joined group, a reply, or close()
      continue;
    }
    co_await WriteNow(socket, batch, rest, outcome);
  }
  end_writing(socket, connection);
}

// The end of a connection in the log (a plain function: its strings are not
// kept in the connection's frame).
void log_end(const ServerOptions& options, const std::string& peer, const Connection& connection) {
  if (!connection.read_outcome.ok()) log_line(options, peer, "error: " + connection.read_outcome.error().message());
  if (!connection.write_outcome.ok()) log_line(options, peer, "error: " + connection.write_outcome.error().message());
  log_line(options, peer, "disconnected");
}

Task<void> serve(net::TcpStream socket, std::string peer, GroupTable& groups, const ServerOptions& options,
                 StallWatch& stall) {
  log_line(options, peer, "connected");
  if (options.nodelay) (void)socket.set_nodelay(true);
  Connection connection(groups);
  co_await join(read_requests(socket, groups, connection), write_replies(socket, connection, stall));
  log_end(options, peer, connection);
}

}  // namespace

Task<void> serve_chat(net::TcpListener listener, ServerOptions options) {
  GroupTable groups(options.limits, options.bus);
  // Other servers' posts reach `groups` until it goes (before the connections
  // end: a member's last leave still tells the bus).
  struct Attached {
    GroupBus* bus;
    ~Attached() {
      if (bus) bus->detach();
    }
  } attached{options.bus};
  if (options.bus) options.bus->attach(groups);
  // One timer for every write that waits, however many (a fan-out on
  // io_uring has a send in flight per member).
  StallWatch stall(options.write_stall);
  TaskSet connections;  // declared after `groups` and `stall`: cancelled before they are destroyed
  connections.spawn(stall.run(), "chat server (write stall watch)");
  auto new_connections = listener.incoming();
  while (auto socket_result = co_await new_connections.next()) {
    if (!*socket_result) {
      log_line(options, "accept", "error: " + socket_result->error().message());
      co_await sleep(50ms);  // e.g. out of descriptors: let connections close
      continue;
    }
    net::TcpStream& socket = **socket_result;
    std::string peer = socket.peer_name();
    std::string name = "connection from " + peer;  // a task per connection, named for the view
    connections.spawn(serve(std::move(socket), std::move(peer), groups, options, stall), std::move(name));
  }
}

}  // namespace asyncplay::chat
