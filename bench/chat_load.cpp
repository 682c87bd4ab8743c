// chat_load: a load generator for `asyncplay chat-server`, written on the runtime
// it measures (one thread, one Executor, TcpStream on epoll). It talks only to
// 127.0.0.1 and every mode ends by itself (--timeout, --hold). Each mode prints
// one line of `key=value` pairs on stdout for bench/chat_compare; errors go to
// stderr with exit status 1 (2 when --timeout ran out).
//
//   chat_load probe   --port P
//       one connection, synced, closed: "the server is up and answers".
//   chat_load idle    --port P --connections N [--group idle] [--concurrency 256] [--hold 120]
//       N connections that each join the group and sync; then prints `idle ...`
//       and holds them until stdin is closed (or --hold seconds pass), so the
//       script can read the server's memory meanwhile.
//   chat_load fanout  --port P --receivers R --messages M [--window 256] [--size 32] [--phases stdin]
//       R members of one group, one poster (not a member) posting M messages;
//       deliveries/s = messages received by all members / elapsed. Paced: at
//       most --window messages posted and not yet received by every member, so
//       the server is measured, not overrun (the group's ring holds 1000);
//       --window 0 posts everything at once and counts what was dropped.
//   chat_load groups  --port P --groups G --members M --posters P --messages K [--window 256] [--size 32]
//                     [--phases stdin]
//       G groups of M members; P posters per group (not members) each posting
//       K messages, paced per group like fanout (the group's posters share its
//       window); deliveries/s over all groups.
//   fanout and groups print `load_cpu_s`, this process's CPU time from the
//   first post to the last delivery. With --phases stdin they also print
//   `phase=posting` on stdout once every member has joined, and `phase=posted`
//   once the last message has arrived. After each line they wait for a line on
//   stdin (or its end) before going on. A script can then read the server's
//   CPU at those two points, so that the connections' set-up and teardown are
//   left out. In a 1000 × 1000 fan-out they are 40% of the server's time.
//   chat_load latency --port P --receivers R --messages M [--rate 1000] [--warmup 100] [--burst 1]
//       the poster posts M messages at --rate per second, each carrying the time
//       it was sent; every member records post→delivery; p50/p99/max reported
//       (the first --warmup messages are not counted). With --burst B, B
//       messages go in one write, as a fan-out's poster sends them.
//
// Several servers (groups shared through Redis): --ports P1,P2,... in place
// of --port spreads the members over them, connection i on port i mod N;
// --poster-port (default: the first) is where posters connect; with
// --redis-port R, posting waits until Redis counts a subscriber of each
// group on every server that has members (PUBSUB NUMSUB), so no first post
// is lost to a subscription still on its way.
//
// Every client socket has TCP_NODELAY, as the servers' sockets do: with Nagle on
// one side, small request and reply lines wait for ACKs and the figures measure
// the delayed-ACK timer instead of the server.
//
// "The server has handled everything this connection sent" is known by posting
// to a group that does not exist and waiting for the error reply: requests on
// one connection are handled in order. No sleep stands in for it.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chat/protocol.hpp"
#include "io/source.hpp"
#include "load_support.hpp"
#include "net/tcp_stream.hpp"
#include "redis/connection.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "runtime/never.hpp"
#include "runtime/race.hpp"
#include "runtime/task.hpp"
#include "runtime/time/sleep.hpp"

using namespace asyncplay;
using namespace std::chrono_literals;

using namespace asyncplay::bench;

namespace {

// ---------------------------------------------------------------- options


Options parse(int argc, char** argv) {
  return parse_options(argc, argv,
                       "usage: chat_load probe|idle|fanout|latency|groups (--port P | --ports P1,P2... "
                       "[--poster-port P] [--redis-port R]) [options]");
}

// Where members and posters connect.
struct Where {
  std::vector<std::uint16_t> members;  // connection i goes to members[i % size]
  std::uint16_t poster = 0;
  std::uint16_t redis = 0;             // 0: no Redis to wait for

  static Where from(const Options& o) {
    Where w;
    if (o.has("--ports")) {
      std::string list = o.text("--ports", "");
      for (std::size_t at = 0; at <= list.size();) {
        std::size_t comma = std::min(list.find(',', at), list.size());
        unsigned port = 0;
        auto [end, ec] = std::from_chars(list.data() + at, list.data() + comma, port);
        if (ec != std::errc() || end != list.data() + comma || port == 0 || port > 65535) {
          throw std::invalid_argument("--ports wants PORT,PORT,..., not '" + list + "'");
        }
        w.members.push_back(static_cast<std::uint16_t>(port));
        at = comma + 1;
      }
    } else {
      w.members.push_back(static_cast<std::uint16_t>(o.number("--port")));
    }
    w.poster = static_cast<std::uint16_t>(o.number("--poster-port", w.members.front()));
    w.redis = static_cast<std::uint16_t>(o.number("--redis-port", 0));
    return w;
  }
  std::size_t servers_with_members(std::size_t count) const {
    std::vector<std::uint16_t> used(members.begin(), members.begin() + std::min(count, members.size()));
    std::sort(used.begin(), used.end());
    return static_cast<std::size_t>(std::unique(used.begin(), used.end()) - used.begin());
  }
};

// With Redis: until it counts `servers` subscribers of `group` (bounded).
Task<Result<void>> settle(const Where& where, const std::string& group, std::size_t servers) {
  if (!where.redis) co_return Result<void>();
  auto redis = co_await redis::Connection::connect("127.0.0.1", where.redis);
  if (!redis) co_return redis.error();
  for (int tries = 0; tries < 10000; ++tries) {
    std::vector<std::string> ask{"PUBSUB", "NUMSUB", "asyncplay:group:" + group};
    auto reply = co_await (*redis)->command(std::move(ask));
    if (!reply) co_return reply.error();
    if (reply->elements.size() == 2 && reply->elements[1].integer == static_cast<long long>(servers)) {
      co_return Result<void>();
    }
  }
  co_return Error(std::errc::timed_out, "Redis never counted " + std::to_string(servers) + " servers in " + group);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}


// ---------------------------------------------------------------- the wire

const std::string sync_group = "chat-load-no-such-group";

std::string join_line(const std::string& group) { return chat::encode(chat::FromClient(chat::Join{group})); }
std::string post_line(const std::string& group, const std::string& message) {
  return chat::encode(chat::FromClient(chat::Post{group, message}));
}
// The reply to a post to `sync_group`, without its newline.
const std::string& sync_reply() {
  static const std::string line = [] {
    auto l = chat::encode(chat::FromServer(chat::ServerError{"Group '" + sync_group + "' does not exist"}));
    return l.substr(0, l.size() - 1);
  }();
  return line;
}

// What a server line is, as cheaply as possible: the members read 10M lines/s
// in a fan-out, and this side's CPU per line is what caps those rows.
enum class Kind { message, dropped, sync, other };
struct Reply {
  Kind kind;
  std::uint64_t dropped = 0;      // for Kind::dropped: "Dropped N messages from G."
  std::string_view message;       // for Kind::message with `text`: the text, still JSON-escaped
};

// The message's text is looked for only when `text` is asked (latency mode):
// finding it was a quarter of this process's time in a fan-out.
Reply classify(std::string_view line, bool text = false) {
  static constexpr std::string_view message_prefix = "{\"Message\":{";
  static constexpr std::string_view dropped_prefix = "{\"Error\":\"Dropped ";
  if (line.substr(0, message_prefix.size()) == message_prefix) {
    if (!text) return {Kind::message, 0, {}};
    // serde writes group_name then message: {"Message":{"group_name":"G","message":"M"}}
    static constexpr std::string_view key = "\"message\":\"";
    auto at = line.rfind(key);
    std::string_view body = at == std::string_view::npos ? std::string_view() : line.substr(at + key.size());
    if (body.size() >= 3) body.remove_suffix(3);  // "}}
    return {Kind::message, 0, body};
  }
  if (line.substr(0, dropped_prefix.size()) == dropped_prefix) {
    std::uint64_t n = 0;
    auto digits = line.substr(dropped_prefix.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return {Kind::dropped, n, {}};
  }
  if (line == sync_reply()) return {Kind::sync, 0, {}};
  return {Kind::other, 0, {}};
}

// ---------------------------------------------------------------- a client

// One connection: a socket and the bytes read but not yet taken as lines.
// Pull-style: take every line() there is, then co_await fill() for more.
class Client {
 public:
  static Task<Result<std::unique_ptr<Client>>> connect(std::uint16_t port) {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
    if (!socket) co_return socket.error();
    if (auto on = socket->set_nodelay(true); !on) co_return on.error().within("TCP_NODELAY");
    co_return std::make_unique<Client>(std::move(*socket));
  }

  explicit Client(net::TcpStream socket) : socket_(std::move(socket)) {}

  // `data` is held in this frame until every byte is written.
  Task<Result<void>> send(std::string data) { co_return co_await socket_.write_all(data); }

  // The next complete line without its "\n", valid until the next fill().
  std::optional<std::string_view> line() {
    auto end = unread_.find('\n');
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view line = unread_.substr(0, end);
    unread_.remove_prefix(end + 1);
    return line;
  }

  // Waits for more bytes; Ok(false) once the server closed the connection.
  // The bytes are read into the thread's scratch buffer and, while no part
  // of a line is held, taken as lines from there: copying every read into
  // the connection's own buffer was a tenth of this process's time in a
  // fan-out. Only a line cut by a read is kept here until its end arrives.
  Task<Result<bool>> fill() {
    if (in_scratch_) {
      held_.assign(unread_);  // the next read overwrites scratch
    } else {
      held_.erase(0, held_.size() - unread_.size());  // unread_ is held_'s tail
    }
    unread_ = {};
    auto n = co_await socket_.read(scratch());
    if (!n) co_return n.error();
    if (*n == 0) co_return false;
    in_scratch_ = held_.empty();
    if (in_scratch_) {
      unread_ = std::string_view(scratch().data(), *n);
    } else {
      held_.append(scratch().data(), *n);
      unread_ = held_;
    }
    co_return true;
  }

  // Posts to a missing group and reads until the error reply: everything sent
  // before has then been handled. Other lines read meanwhile are dropped.
  Task<Result<void>> sync() {
    auto sent = co_await send(post_line(sync_group, "sync"));
    if (!sent) co_return sent;
    co_return co_await wait_sync();
  }
  Task<Result<void>> wait_sync() {
    while (true) {
      while (auto l = line()) {
        if (classify(*l).kind == Kind::sync) co_return Result<void>();
      }
      auto more = co_await fill();
      if (!more) co_return more.error();
      if (!*more) co_return Error(std::errc::connection_reset, "the server closed the connection before the sync reply");
    }
  }

 private:
  // One thread: every read lands here first, and the lines a member takes
  // from it are handled before any other member's read.
  static std::span<char> scratch() {
    static char buffer[16 * 1024];
    return buffer;
  }

  net::TcpStream socket_;
  std::string held_;          // a line cut by a read, and what came after it
  std::string_view unread_;   // not yet taken as lines: held_'s tail, or in scratch()
  bool in_scratch_ = false;
};

using ClientPtr = std::unique_ptr<Client>;

// Opens `count` connections, at most `concurrency` handshakes at a time (a burst
// of 10,000 SYNs would overflow the listen backlog and wait for SYN retries);
// each one sends `first` (e.g. a Join) and syncs. They go into `clients`.
Task<Result<void>> open_clients(std::vector<std::uint16_t> ports, std::size_t count, std::string first,
                                std::size_t concurrency, std::vector<ClientPtr>& clients) {
  clients.resize(count);
  std::size_t next = 0;
  auto worker = [](const std::vector<std::uint16_t>& ports, std::vector<ClientPtr>& clients, std::size_t& next,
                   const std::string& first) -> Task<Result<void>> {
    while (next < clients.size()) {
      std::size_t i = next++;
      auto client = co_await Client::connect(ports[i % ports.size()]);
      if (!client) co_return client.error().within("connection " + std::to_string(i));
      auto sent = co_await (*client)->send(first + post_line(sync_group, "sync"));
      if (!sent) co_return sent;
      auto synced = co_await (*client)->wait_sync();
      if (!synced) co_return synced.error().within("sync of connection " + std::to_string(i));
      clients[i] = std::move(*client);
    }
    co_return Result<void>();
  };
  std::vector<JoinHandle<Result<void>>> workers;
  for (std::size_t w = 0; w < std::min(concurrency, count); ++w) {
    workers.push_back(spawn(worker(ports, clients, next, first), "connect worker"));
  }
  auto results = co_await join_all(std::move(workers));
  for (auto& r : results) {
    if (!r) co_return r.error();
  }
  co_return Result<void>();
}

// ---------------------------------------------------------------- progress

// How far every member has got, for pacing the poster: reached[k] counts the
// members that received message k (or were told they missed it).
class Progress {
 public:
  Progress(std::size_t members, std::size_t messages) : members_(members), reached_(messages, 0) {}

  // A member went from position `from` to `to`.
  void advance(std::size_t from, std::size_t to) {
    to = std::min(to, reached_.size());
    for (std::size_t k = from; k < to; ++k) ++reached_[k];
    std::size_t old = floor_;
    while (floor_ < reached_.size() && reached_[floor_] == members_) ++floor_;
    if (floor_ == old) return;
    for (std::size_t i = 0; i < waiting_.size();) {
      if (floor_ >= waiting_[i].first) {
        Waker w = std::move(waiting_[i].second);
        waiting_[i] = std::move(waiting_.back());
        waiting_.pop_back();
        w.wake();
      } else {
        ++i;
      }
    }
  }

  // Every member has messages [0, floor()).
  std::size_t floor() const { return floor_; }

  // Ready once floor() >= `at_least`.
  class [[nodiscard]] FloorAtLeast {
   public:
    using Output = void;
    FloorAtLeast(Progress& progress, std::size_t at_least) : progress_(progress), at_least_(at_least) {}
    Poll<void> poll(Context& cx) {
      if (progress_.floor_ >= at_least_) return ready();
      Waker w;
      w.set(cx.waker());
      progress_.waiting_.emplace_back(at_least_, std::move(w));
      return pending;  // woken by advance() when the floor reaches `at_least`
    }

   private:
    Progress& progress_;
    std::size_t at_least_;
  };
  FloorAtLeast floor_at_least(std::size_t n) { return FloorAtLeast(*this, n); }

 private:
  std::size_t members_;
  std::vector<std::uint32_t> reached_;
  std::size_t floor_ = 0;
  std::vector<std::pair<std::size_t, Waker>> waiting_;  // posters waiting for a floor
};

// What one member saw.
struct Tally {
  std::uint64_t messages = 0;
  std::uint64_t dropped = 0;
  std::uint64_t other = 0;
  std::vector<std::int64_t> latencies_ns;  // latency mode only

  void add(const Tally& t) {
    messages += t.messages;
    dropped += t.dropped;
    other += t.other;
    latencies_ns.insert(latencies_ns.end(), t.latencies_ns.begin(), t.latencies_ns.end());
  }
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// Reads until `messages` messages were received or reported dropped. With
// `latency`, each message's "t=<ns> i=<n>" gives post→delivery (if n >= warmup).
Task<Result<void>> receive(Client& client, std::size_t messages, Progress& progress, Tally& tally, bool latency,
                           std::size_t warmup) {
  std::size_t position = 0;
  while (position < messages) {
    std::int64_t arrived = now_ns();
    std::size_t before = position;
    while (auto l = client.line()) {
      Reply reply = classify(*l, latency);
      if (reply.kind == Kind::message) {
        ++tally.messages;
        ++position;
        if (latency) {
          std::int64_t sent = 0;
          std::size_t index = 0;
          auto m = reply.message;
          auto i_at = m.find(" i=");
          if (m.substr(0, 2) == "t=" && i_at != std::string_view::npos) {
            std::from_chars(m.data() + 2, m.data() + i_at, sent);
            std::from_chars(m.data() + i_at + 3, m.data() + m.size(), index);
            if (index >= warmup) tally.latencies_ns.push_back(arrived - sent);
          }
        }
      } else if (reply.kind == Kind::dropped) {
        tally.dropped += reply.dropped;
        position += reply.dropped;
      } else {
        ++tally.other;
      }
    }
    progress.advance(before, position);
    if (position >= messages) break;
    auto more = co_await client.fill();
    if (!more) co_return more.error();
    if (!*more) co_return Error(std::errc::connection_reset, "the server closed a member's connection");
  }
  co_return Result<void>();
}

// ---------------------------------------------------------------- modes

Task<Result<std::string>> probe(std::uint16_t port) {
  auto client = co_await Client::connect(port);
  if (!client) co_return client.error();
  auto synced = co_await (*client)->sync();
  if (!synced) co_return synced.error();
  co_return std::string("probe ok=1");
}


Task<Result<std::string>> idle(const Options& o) {
  std::uint16_t port = static_cast<std::uint16_t>(o.number("--port"));
  std::size_t count = o.number("--connections");
  std::string group = o.text("--group", "idle");
  auto hold = std::chrono::seconds(o.number("--hold", 120));
  allow_descriptors(count + 64);

  auto start = Clock::now();
  std::vector<ClientPtr> clients;
  std::vector<std::uint16_t> ports{port};  // (not a braced list inside co_await: g++ 12)
  auto opened = co_await open_clients(ports, count, join_line(group), o.number("--concurrency", 256), clients);
  if (!opened) co_return opened.error();
  double connect_s = seconds_since(start);
  char line[160];
  std::snprintf(line, sizeof line, "idle connections=%zu group=%s connect_s=%.3f", count, group.c_str(), connect_s);
  std::printf("%s\n", line);
  std::fflush(stdout);

  auto held_since = Clock::now();
  auto waited = co_await race(stdin_closed(), sleep(hold));
  std::snprintf(line, sizeof line, "released connections=%zu held_s=%.3f by=%s", clients.size(),
                seconds_since(held_since), waited.index() == 0 ? "stdin" : "hold");
  co_return std::string(line);
}

std::string percentile(std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return "nan";
  std::size_t at = std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())));
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", static_cast<double>(sorted[at]) / 1000.0);
  return out;
}

// --phases stdin: says which phase begins and waits to be let go (see the top).
// (main has checked the option's value.)
Task<void> mark_phase(const Options& o, const char* name) {
  if (!o.has("--phases")) co_return;
  std::printf("phase=%s\n", name);
  std::fflush(stdout);
  co_await stdin_closed();
}

// This process's CPU time (user + system), in seconds.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

// fanout and latency: members join one group and sync; a poster that is not a
// member posts; every member reads until it has all messages (or their drops).
Task<Result<std::string>> broadcast_run(const Options& o, bool latency) {
  Where where = Where::from(o);
  std::size_t members = o.number("--receivers");
  std::size_t messages = o.number("--messages");
  std::size_t window = o.number("--window", latency ? 0 : 256);
  std::size_t size = o.number("--size", 32);
  std::uint64_t rate = o.number("--rate", 1000);
  std::size_t burst = std::max<std::size_t>(1, o.number("--burst", 1));
  std::size_t warmup = latency ? o.number("--warmup", 100) : 0;
  std::string group = latency ? "latency" : "fanout";
  allow_descriptors(members + 64);

  std::vector<ClientPtr> clients;
  auto opened = co_await open_clients(where.members, members, join_line(group), 256, clients);
  if (!opened) co_return opened.error();
  auto poster = co_await Client::connect(where.poster);
  if (!poster) co_return poster.error();
  auto synced = co_await (*poster)->sync();
  if (!synced) co_return synced.error();
  auto settled = co_await settle(where, group, where.servers_with_members(members));
  if (!settled) co_return settled.error();

  Progress progress(members, messages);
  std::vector<Tally> tallies(members);
  std::vector<JoinHandle<Result<void>>> readers;
  for (std::size_t i = 0; i < members; ++i) {
    readers.push_back(spawn(receive(*clients[i], messages, progress, tallies[i], latency, warmup), "member"));
  }

  // The poster. Paced by `window` (fanout) or by `rate` (latency).
  auto fanout_text = [size](std::size_t i) {
    std::string text = "message " + std::to_string(i) + " ";
    if (text.size() < size) text.append(size - text.size(), '.');
    return text;
  };
  co_await mark_phase(o, "posting");
  auto start = Clock::now();
  double cpu_at_start = cpu_seconds();
  if (latency) {
    // --burst B: B messages in one write at each tick (rate B × ticks/s), as
    // fanout posts; each carries the time the write was made.
    auto period = std::chrono::nanoseconds(1'000'000'000 / std::max<std::uint64_t>(rate, 1));
    for (std::size_t i = 0, tick = 0; i < messages; ++tick) {
      co_await sleep_until(start + static_cast<std::int64_t>(tick) * period * static_cast<std::int64_t>(burst));
      std::string batch;
      std::string at = "t=" + std::to_string(now_ns()) + " i=";
      for (std::size_t k = 0; k < burst && i < messages; ++k, ++i) batch += post_line(group, at + std::to_string(i));
      auto sent = co_await (*poster)->send(std::move(batch));
      if (!sent) co_return sent.error().within("post");
    }
  } else {
    std::size_t posted = 0;
    while (posted < messages) {
      std::size_t limit = window ? std::min(messages, progress.floor() + window) : messages;
      if (limit <= posted) {
        // Wait until half the window is free, then post half a window at once.
        co_await progress.floor_at_least(posted - window + std::max<std::size_t>(window / 2, 1));
        continue;
      }
      std::string batch;
      for (; posted < limit; ++posted) batch += post_line(group, fanout_text(posted));
      auto sent = co_await (*poster)->send(std::move(batch));
      if (!sent) co_return sent.error().within("post");
    }
  }
  auto results = co_await join_all(std::move(readers));
  double elapsed = seconds_since(start);
  double load_cpu = cpu_seconds() - cpu_at_start;
  for (auto& r : results) {
    if (!r) co_return r.error();
  }
  co_await mark_phase(o, "posted");

  Tally total;
  for (auto& t : tallies) total.add(t);
  char line[400];
  if (latency) {
    auto& l = total.latencies_ns;
    std::sort(l.begin(), l.end());
    std::snprintf(line, sizeof line,
                  "latency receivers=%zu messages=%zu rate=%llu burst=%zu samples=%zu p50_us=%s p90_us=%s p99_us=%s "
                  "max_us=%s dropped=%llu other=%llu elapsed_s=%.3f",
                  members, messages, static_cast<unsigned long long>(rate), burst, l.size(), percentile(l, 0.50).c_str(),
                  percentile(l, 0.90).c_str(), percentile(l, 0.99).c_str(), percentile(l, 1.0).c_str(),
                  static_cast<unsigned long long>(total.dropped), static_cast<unsigned long long>(total.other),
                  elapsed);
  } else {
    std::snprintf(line, sizeof line,
                  "fanout receivers=%zu messages=%zu window=%zu size=%zu deliveries=%llu dropped=%llu other=%llu "
                  "elapsed_s=%.4f deliveries_per_s=%.0f load_cpu_s=%.4f",
                  members, messages, window, size, static_cast<unsigned long long>(total.messages),
                  static_cast<unsigned long long>(total.dropped), static_cast<unsigned long long>(total.other),
                  elapsed, static_cast<double>(total.messages) / elapsed, load_cpu);
  }
  co_return std::string(line);
}

// One poster of `groups`: posts `mine` messages to `group`, sharing the
// group's window with the group's other posters through `posted`.
Task<Result<void>> post_paced(Client& poster, std::string group, std::size_t id, std::size_t mine,
                              std::size_t total, std::size_t window, std::size_t size, std::size_t& posted,
                              Progress& progress) {
  std::size_t sent_mine = 0;
  while (sent_mine < mine) {
    std::size_t limit = window ? std::min(total, progress.floor() + window) : total;
    if (limit <= posted) {
      co_await progress.floor_at_least(posted - window + std::max<std::size_t>(window / 2, 1));
      continue;
    }
    // A quarter window at most, so the group's posters take turns.
    std::size_t n = std::min({limit - posted, mine - sent_mine, std::max<std::size_t>(window / 4, 1)});
    std::string batch;
    for (std::size_t i = 0; i < n; ++i) {
      std::string text = "poster " + std::to_string(id) + " message " + std::to_string(sent_mine + i) + " ";
      if (text.size() < size) text.append(size - text.size(), '.');
      batch += post_line(group, text);
    }
    posted += n;
    sent_mine += n;
    auto sent = co_await poster.send(std::move(batch));
    if (!sent) co_return sent.error().within("post");
  }
  co_return Result<void>();
}

// groups: G groups of M members each; P posters per group (not members), each
// posting K messages, paced per group by --window as fanout is. Every member
// reads until it has P×K messages (or was told it missed some).
Task<Result<std::string>> groups_run(const Options& o) {
  Where where = Where::from(o);
  std::size_t groups = o.number("--groups");
  std::size_t members = o.number("--members");
  std::size_t posters = o.number("--posters");
  std::size_t messages = o.number("--messages");  // per poster
  std::size_t window = o.number("--window", 256);
  std::size_t size = o.number("--size", 32);
  allow_descriptors(groups * (members + posters) + 64);

  struct Group {
    std::string name;
    std::vector<ClientPtr> members;
    std::vector<ClientPtr> posters;
    std::unique_ptr<Progress> progress;
    std::vector<Tally> tallies;
    std::size_t posted = 0;
  };
  std::vector<Group> all(groups);
  for (std::size_t g = 0; g < groups; ++g) {
    Group& group = all[g];
    group.name = "groups-" + std::to_string(g);
    auto opened = co_await open_clients(where.members, members, join_line(group.name), 256, group.members);
    if (!opened) co_return opened.error();
    auto settled = co_await settle(where, group.name, where.servers_with_members(members));
    if (!settled) co_return settled.error();
    for (std::size_t p = 0; p < posters; ++p) {
      auto poster = co_await Client::connect(where.poster);
      if (!poster) co_return poster.error();
      auto synced = co_await (*poster)->sync();
      if (!synced) co_return synced.error();
      group.posters.push_back(std::move(*poster));
    }
    group.progress = std::make_unique<Progress>(members, posters * messages);
    group.tallies.resize(members);
  }

  co_await mark_phase(o, "posting");
  auto start = Clock::now();
  double cpu_at_start = cpu_seconds();
  std::vector<JoinHandle<Result<void>>> tasks;
  for (auto& group : all) {
    for (std::size_t i = 0; i < members; ++i) {
      tasks.push_back(spawn(receive(*group.members[i], posters * messages, *group.progress, group.tallies[i], false, 0),
                            "member"));
    }
    for (std::size_t p = 0; p < posters; ++p) {
      tasks.push_back(spawn(post_paced(*group.posters[p], group.name, p, messages, posters * messages, window, size,
                                       group.posted, *group.progress),
                            "poster"));
    }
  }
  auto results = co_await join_all(std::move(tasks));
  double elapsed = seconds_since(start);
  double load_cpu = cpu_seconds() - cpu_at_start;
  for (auto& r : results) {
    if (!r) co_return r.error();
  }
  co_await mark_phase(o, "posted");
  Tally total;
  for (auto& group : all) {
    for (auto& t : group.tallies) total.add(t);
  }
  char line[400];
  std::snprintf(line, sizeof line,
                "groups groups=%zu members=%zu posters=%zu messages=%zu window=%zu size=%zu deliveries=%llu "
                "dropped=%llu other=%llu elapsed_s=%.4f deliveries_per_s=%.0f load_cpu_s=%.4f",
                groups, members, posters, messages, window, size, static_cast<unsigned long long>(total.messages),
                static_cast<unsigned long long>(total.dropped), static_cast<unsigned long long>(total.other), elapsed,
                static_cast<double>(total.messages) / elapsed, load_cpu);
  co_return std::string(line);
}

Task<Result<std::string>> run_mode(const Options& o) {
  if (o.mode == "probe") co_return co_await probe(static_cast<std::uint16_t>(o.number("--port")));
  if (o.mode == "idle") co_return co_await idle(o);
  if (o.mode == "fanout") co_return co_await broadcast_run(o, false);
  if (o.mode == "latency") co_return co_await broadcast_run(o, true);
  if (o.mode == "groups") co_return co_await groups_run(o);
  throw std::invalid_argument("unknown mode '" + o.mode + "' (probe, idle, fanout, latency, groups)");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options options = parse(argc, argv);
    if (options.has("--phases") && options.text("--phases", "") != "stdin") {
      throw std::invalid_argument("--phases wants 'stdin', not '" + options.text("--phases", "") + "'");
    }
    auto limit = std::chrono::seconds(options.number("--timeout", 120));
    Executor executor;
    // --timeout bounds the work; idle's hold is bounded by --hold on top.
    if (options.mode == "idle") limit += std::chrono::seconds(options.number("--hold", 120));
    auto outcome = executor.block_on(race(run_mode(options), sleep(limit)));
    if (outcome.index() == 1) {
      std::fprintf(stderr, "chat_load %s: error=timeout after %lld s\n", options.mode.c_str(),
                   static_cast<long long>(limit.count()));
      return 2;
    }
    auto& result = std::get<0>(outcome);
    if (!result) {
      std::fprintf(stderr, "chat_load %s: error: %s\n", options.mode.c_str(), result.error().message().c_str());
      return 1;
    }
    std::printf("%s\n", result->c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chat_load: %s\n", e.what());
    return 1;
  }
}
