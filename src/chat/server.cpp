#include "chat/server.hpp"

#include <map>

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

// Reads requests until the client closes; replies go through `outbound`.
Task<Result<void>> read_requests(net::TcpStream& socket, GroupTable& groups, Outbound outbound) {
  const Limits& limits = groups.limits();
  net::BufReader reader(socket, limits.max_line);
  std::map<std::string, JoinHandle<void>> joined;  // group -> its forwarding task
  struct CancelAll {
    std::map<std::string, JoinHandle<void>>& tasks;
    ~CancelAll() {
      for (auto& [name, task] : tasks) task.cancel();
    }
  } cancel_on_exit{joined};

  while (true) {
    auto line = co_await reader.next_line();
    if (!line) {
      if (!line.error().is(std::errc::message_size)) co_return line.error();
      co_await outbound.send(error_line(bad_request(line.error().context())));
      continue;
    }
    if (!*line) {
      // End of stream. Members' forwarding tasks woken by this connection's own
      // posts are already in the run queue ahead of a yield: let them queue
      // those messages for the writer before they are cancelled.
      co_await yield_now();
      co_return Result<void>();
    }
    if ((*line)->find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line

    auto request = decode_from_client(**line);
    if (!request) {
      co_await outbound.send(error_line(bad_request(request.error().context())));
      continue;
    }
    if (auto* join = std::get_if<Join>(&*request)) {
      if (auto why = check_group_name(join->group_name, limits); !why.empty()) {
        co_await outbound.send(error_line(bad_request(why)));
        continue;
      }
      if (joined.count(join->group_name)) continue;  // already a member: no second copy
      Group* group = groups.get_or_create(join->group_name);
      if (!group) {
        co_await outbound.send(error_line(too_many_groups(limits)));
        continue;
      }
      joined.emplace(join->group_name, spawn(forward(join->group_name, group->join(), outbound),
                                             "forward " + join->group_name));
    } else {
      auto& post = std::get<Post>(*request);
      Group* group = groups.get(post.group_name);
      if (!group) {
        co_await outbound.send(error_line(no_such_group(post.group_name)));
        continue;
      }
      group->post(std::move(post.message));
    }
  }
}

// Writes queued replies until every sender is gone. A peer that takes no bytes
// for 30 s is dropped rather than holding its queue forever.
Task<Result<void>> write_replies(net::TcpStream& socket, mpsc::Receiver<Line> queue) {
  while (auto line = co_await queue.recv()) {
    auto written = co_await timeout(30s, socket.write_all(**line));
    if (!written) {
      (void)socket.shutdown(net::Shutdown::both);  // ends the reader too
      co_return written.error().within("write to " + socket.peer_name());
    }
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
    connections.spawn(serve(std::move(**socket_result), groups, options), "connection");
  }
}

}  // namespace asyncplay::chat
