#include "chat/thread_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "chat/protocol.hpp"
#include "net/line_buffer.hpp"
#include "net/printable.hpp"
#include "net/socket_address.hpp"

namespace asyncplay::chat {
namespace {

using Line = std::shared_ptr<const std::string>;

// A member's place in a group: the next line it takes, and whether it has
// been found lagging (it stopped taking lines), until it catches up.
struct Cursor {
  std::uint64_t seq = 0;
  bool lagging = false;
};

// A group: the last `capacity` encoded messages, with the same lag rule as
// broadcast::channel, guarded by a mutex; members wait on `changed_`.
//
// Lag is for members that stop reading. A post that would overwrite a line
// some member has not taken waits (on `room_`) for that member, up to
// kGrace; one that has not taken it by then is lagging, and posts stop
// waiting for it until it has caught up. So a burst from one poster cannot
// outrun members that keep reading (the poster's thread would otherwise run
// ahead of theirs), and a stalled member costs the poster kGrace once.
class ThreadGroup {
 public:
  static constexpr auto kGrace = std::chrono::milliseconds(100);

  ThreadGroup(std::string name, std::size_t capacity) : name_(std::move(name)), capacity_(capacity) {}

  void post(std::string message) {
    auto line = std::make_shared<const std::string>(encode(FromServer(Message{name_, std::move(message)})));
    {
      std::unique_lock lock(mutex_);
      if (ring_.size() == capacity_) wait_for_room(lock);
      if (ring_.size() < capacity_) ring_.push_back(std::move(line));
      else ring_[next_seq_ % capacity_] = std::move(line);
      ++next_seq_;
    }
    changed_.notify_all();
  }

  void subscribe(Cursor* cursor) {
    std::lock_guard lock(mutex_);
    cursor->seq = next_seq_;
    members_.push_back(cursor);
  }
  void unsubscribe(Cursor* cursor) {
    {
      std::lock_guard lock(mutex_);
      std::erase(members_, cursor);
    }
    room_.notify_all();
  }

  // Waits for lines after the cursor and appends what is there (a "Dropped"
  // error first if the member fell behind), up to about `max` bytes; false
  // once `stop` is set. Taking several lines at once lets the member write
  // them in one system call.
  bool next(Cursor* cursor, const std::atomic<bool>& stop, std::string& out, std::size_t max) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return cursor->seq < next_seq_ || stop.load(); });
    if (stop.load()) return false;
    std::uint64_t oldest = next_seq_ > capacity_ ? next_seq_ - capacity_ : 0;
    if (cursor->seq < oldest) {
      out += encode(FromServer(ServerError{dropped(oldest - cursor->seq, name_)}));
      cursor->seq = oldest;
    }
    while (cursor->seq < next_seq_ && out.size() < max) out += *ring_[(cursor->seq)++ % capacity_];
    if (cursor->seq == next_seq_) cursor->lagging = false;  // caught up
    lock.unlock();
    room_.notify_all();
    return true;
  }

  void wake_all() {
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
  }

 private:
  // The ring is full: the next post overwrites line next_seq_ - capacity_.
  void wait_for_room(std::unique_lock<std::mutex>& lock) {
    std::uint64_t overwritten = next_seq_ - capacity_;
    auto behind = [&] {
      for (Cursor* c : members_) {
        if (!c->lagging && c->seq <= overwritten) return true;
      }
      return false;
    };
    if (!room_.wait_for(lock, kGrace, [&] { return !behind(); })) {
      for (Cursor* c : members_) {
        if (c->seq <= overwritten) c->lagging = true;  // it stopped reading: it will be told what it missed
      }
    }
  }

  std::string name_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;  // a post came, or a member must stop
  std::condition_variable room_;     // a member took lines, or left
  std::vector<Line> ring_;
  std::uint64_t next_seq_ = 0;
  std::vector<Cursor*> members_;
};

class ThreadGroupTable {
 public:
  explicit ThreadGroupTable(Limits limits) : limits_(limits) {}
  ThreadGroup* get(const std::string& name, bool create) {
    std::lock_guard lock(mutex_);
    auto it = groups_.find(name);
    if (it != groups_.end()) return it->second.get();
    if (!create || groups_.size() >= limits_.max_groups) return nullptr;
    return groups_.emplace(name, std::make_unique<ThreadGroup>(name, limits_.group_capacity)).first->second.get();
  }
  const Limits& limits() const { return limits_; }

 private:
  Limits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<ThreadGroup>> groups_;
};

// One client: its socket, a lock so replies from several threads don't mix,
// and the flag that tells its forwarding threads to end.
struct Connection {
  int fd;
  std::string peer;
  std::mutex write_mutex;
  std::atomic<bool> closed{false};

  bool send(const std::string& line) {
    std::lock_guard lock(write_mutex);
    std::size_t sent = 0;
    while (sent < line.size()) {
      ssize_t n = ::send(fd, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  bool send_error(std::string text) { return send(encode(FromServer(ServerError{std::move(text)}))); }
};

void log_line(const ThreadServerOptions& options, const std::string& peer, const std::string& what) {
  // `what` may quote a client (an unknown request's name): escaped, so it stays one line.
  if (options.log) std::fprintf(options.log, "chat-server: %s %s\n", peer.c_str(), net::printable(what).c_str());
}

// The cursor was placed when the member joined, so posts right after the join reach it.
void forward(ThreadGroup* group, std::unique_ptr<Cursor> cursor, std::shared_ptr<Connection> connection) {
  std::string batch;
  while (group->next(cursor.get(), connection->closed, batch, 64 * 1024)) {
    if (!connection->send(batch)) break;
    batch.clear();
  }
  group->unsubscribe(cursor.get());
}

void serve(int fd, ThreadGroupTable& groups, const ThreadServerOptions& options) {
  auto connection = std::make_shared<Connection>();
  connection->fd = fd;
  sockaddr_storage addr;
  socklen_t len = sizeof addr;
  getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  connection->peer = net::SocketAddress(reinterpret_cast<sockaddr*>(&addr), len).to_string();
  log_line(options, connection->peer, "connected");

  const Limits& limits = groups.limits();
  net::LineBuffer lines(limits.max_line);
  std::set<ThreadGroup*> joined;
  std::vector<std::thread> forwarders;
  char buffer[16 * 1024];
  bool open = true;
  while (open) {
    auto line = lines.take_line();
    if (!line) {
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) log_line(options, connection->peer, "error: read: " + std::string(strerror(errno)));
      if (n > 0) {
        lines.append({buffer, static_cast<std::size_t>(n)});
        continue;
      }
      line = lines.take_last();
      open = false;
    }
    if (!*line) {
      if (!connection->send_error(bad_request(line->error().context()))) break;
      continue;
    }
    if (!**line) break;
    const std::string& text = ***line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto request = decode_from_client(text);
    if (!request) {
      if (!connection->send_error(bad_request(request.error().context()))) break;
      continue;
    }
    if (auto* join = std::get_if<Join>(&*request)) {
      if (auto why = check_group_name(join->group_name, limits); !why.empty()) {
        connection->send_error(bad_request(why));
        continue;
      }
      ThreadGroup* group = groups.get(join->group_name, true);
      if (!group) {
        connection->send_error(too_many_groups(limits));
        continue;
      }
      if (!joined.insert(group).second) continue;
      try {
        auto cursor = std::make_unique<Cursor>();
        group->subscribe(cursor.get());
        Cursor* placed = cursor.get();
        try {
          forwarders.emplace_back(forward, group, std::move(cursor), connection);
        } catch (...) {
          group->unsubscribe(placed);
          throw;
        }
      } catch (const std::system_error& e) {  // out of threads: refuse this join, keep serving
        joined.erase(group);
        connection->send_error("server busy: cannot follow another group (" + std::string(e.what()) + ")");
      }
    } else {
      auto& post = std::get<Post>(*request);
      ThreadGroup* group = groups.get(post.group_name, false);
      if (!group) {
        connection->send_error(no_such_group(post.group_name));
        continue;
      }
      group->post(std::move(post.message));
    }
  }
  connection->closed = true;
  ::shutdown(fd, SHUT_RDWR);  // a forwarder blocked in send() returns
  for (ThreadGroup* group : joined) group->wake_all();
  for (auto& t : forwarders) t.join();
  ::close(fd);
  log_line(options, connection->peer, "disconnected");
}

}  // namespace

Result<void> serve_chat_threads(int listen_fd, ThreadServerOptions options) {
  auto* groups = new ThreadGroupTable(options.limits);  // lives as long as the process
  auto last_logged = std::chrono::steady_clock::time_point{};
  while (true) {
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      if (err == EINTR || err == ECONNABORTED || err == EMFILE || err == ENFILE) {
        // Said once a second at most: out of descriptors, every attempt fails alike.
        auto now = std::chrono::steady_clock::now();
        if (now - last_logged >= std::chrono::seconds(1)) {
          log_line(options, "accept", "error: " + std::string(strerror(err)));
          last_logged = now;
        }
        // Out of descriptors: let connections close, as the async model does
        // (retrying at once spun a core at 100%).
        if (err == EMFILE || err == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      return errno_error(errno, "accept");
    }
    if (options.nodelay) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    try {
      std::thread([fd, groups, options] { serve(fd, *groups, options); }).detach();
    } catch (const std::system_error& e) {  // out of threads: drop this connection, keep serving
      log_line(options, "accept", std::string("error: no thread for a new connection: ") + e.what());
      ::close(fd);
    }
  }
}

}  // namespace asyncplay::chat
