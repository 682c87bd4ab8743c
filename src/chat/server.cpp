#include "chat/server.hpp"

#include <map>
#include <optional>

#include "chat/protocol.hpp"
#include "net/buf_reader.hpp"
#include "runtime/join.hpp"
#include "runtime/mpsc.hpp"
#include "runtime/sleep.hpp"
#include "runtime/task_set.hpp"
#include "runtime/timeout.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {
namespace {

using namespace std::chrono_literals;
using Outbound = mpsc::Sender<Line>;

Line error_line(std::string text) {
  return std::make_shared<const std::string>(encode(FromServer(ServerError{std::move(text)})));
}

void log_line(const ServerOptions& options, const std::string& peer, const std::string& what) {
  if (options.log) std::fprintf(options.log, "chat-server: %s %s\n", peer.c_str(), what.c_str());
}

// One per joined group: copies the group's messages into this member's queue.
Task<void> forward(std::string group_name, broadcast::Receiver<Line> members, Outbound outbound) {
  while (true) {
    auto received = co_await members.recv();
    Line line;
    if (auto* message = std::get_if<Line>(&received)) {
      line = std::move(*message);
    } else if (auto* lagged = std::get_if<broadcast::Lagged>(&received)) {
      line = error_line(dropped(lagged->skipped, group_name));
    } else {
      co_return;  // the group is gone
    }
    if (!co_await outbound.send(std::move(line))) co_return;  // the connection is gone
  }
}

// The groups one connection has joined, each with its forwarding task; all
// of them are cancelled when the connection ends.
class Memberships {
 public:
  Memberships() = default;
  Memberships(const Memberships&) = delete;
  ~Memberships() {
    for (auto& [name, task] : tasks_) task.cancel();
  }
  bool contains(const std::string& group) const { return tasks_.count(group) != 0; }
  void add(const std::string& group, JoinHandle<void> task) { tasks_.emplace(group, std::move(task)); }

 private:
  std::map<std::string, JoinHandle<void>> tasks_;  // group -> its forwarding task
};

// Does what one request line asks; returns the error to send back, if any.
std::optional<std::string> handle_request(std::string_view line, GroupTable& groups, Memberships& joined,
                                          const Outbound& outbound) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;  // blank line
  auto request = decode_from_client(line);
  if (!request) return bad_request(request.error().context());
  if (auto* join = std::get_if<Join>(&*request)) {
    if (auto why = check_group_name(join->group_name, groups.limits()); !why.empty()) return bad_request(why);
    if (joined.contains(join->group_name)) return std::nullopt;  // already a member: no second copy
    Group* group = groups.get_or_create(join->group_name);
    if (!group) return too_many_groups(groups.limits());
    joined.add(join->group_name, spawn(forward(join->group_name, group->join(), outbound)));
    return std::nullopt;
  }
  auto& post = std::get<Post>(*request);
  Group* group = groups.get(post.group_name);
  if (!group) return no_such_group(post.group_name);
  group->post(std::move(post.message));
  return std::nullopt;
}

// Reads requests until the client closes; replies go through `outbound`.
Task<Result<void>> read_requests(net::TcpStream& socket, GroupTable& groups, Outbound outbound) {
  net::BufReader reader(socket, groups.limits().max_line);
  Memberships joined;
  for (std::size_t handled = 1;; ++handled) {
    auto line = co_await reader.next_line();
    std::optional<std::string> reply;
    if (!line) {
      if (!line.error().is(std::errc::message_size)) co_return line.error();
      reply = bad_request(line.error().context());
    } else if (!*line) {
      // End of stream. Members' forwarding tasks woken by this connection's own
      // posts are already in the run queue ahead of a yield: let them queue
      // those messages for the writer before they are cancelled.
      co_await yield_now();
      co_return Result<void>();
    } else {
      reply = handle_request(**line, groups, joined, outbound);
    }
    if (reply) co_await outbound.send(error_line(std::move(*reply)));
    // A burst of posts arrives faster than it can be read from the socket, so
    // without a pause here no forwarding task would run until the group's ring
    // had wrapped, and every member would lag.
    if (handled % 32 == 0) co_await yield_now();
  }
}

// Writes queued replies until every sender is gone, as few writes as it can:
// what is queued goes out together, up to 64 KiB (one line per write would
// cost a system call and a TCP segment per line). A peer that takes no bytes
// for 30 s is dropped rather than holding its queue forever.
Task<Result<void>> write_replies(net::TcpStream& socket, mpsc::Receiver<Line> queue) {
  constexpr std::size_t kBatch = 64 * 1024;
  std::string batch;
  while (auto line = co_await queue.recv()) {
    Line first = std::move(*line);
    std::string_view out = *first;
    if (queue.size() > 0) {
      batch.assign(*first);
      while (batch.size() < kBatch) {
        auto more = queue.try_recv();
        if (!more) break;
        batch += **more;
      }
      out = batch;
    }
    auto written = co_await timeout(30s, socket.write_all(out));
    if (!written) {
      (void)socket.shutdown(net::Shutdown::both);  // ends the reader too
      co_return written.error().within("write to " + socket.peer_name());
    }
    if (queue.size() == 0 && batch.capacity() > 0) std::string().swap(batch);  // idle: hold nothing
  }
  co_return Result<void>();
}

Task<void> serve(net::TcpStream socket, GroupTable& groups, const ServerOptions& options) {
  std::string peer = socket.peer_name();
  log_line(options, peer, "connected");
  if (options.nodelay) (void)socket.set_nodelay(true);
  auto [outbound, queue] = mpsc::channel<Line>(groups.limits().outbound_queue);
  // The reader owns the only Sender besides its forwarding tasks; when it ends
  // and they are cancelled, the writer drains what is queued and ends too.
  auto [read, wrote] =
      co_await join(read_requests(socket, groups, std::move(outbound)), write_replies(socket, std::move(queue)));
  if (!read.ok()) log_line(options, peer, "error: " + read.error().message());
  if (!wrote.ok()) log_line(options, peer, "error: " + wrote.error().message());
  log_line(options, peer, "disconnected");
}

}  // namespace

Task<void> serve_chat(net::TcpListener listener, ServerOptions options) {
  GroupTable groups(options.limits);
  TaskSet connections;  // declared after `groups`: cancelled before it is destroyed
  auto new_connections = listener.incoming();
  while (auto socket_result = co_await new_connections.next()) {
    if (!*socket_result) {
      log_line(options, "accept", "error: " + socket_result->error().message());
      co_await sleep(50ms);  // e.g. out of descriptors: let connections close
      continue;
    }
    connections.spawn(serve(std::move(**socket_result), groups, options));
  }
}

}  // namespace asyncplay::chat
