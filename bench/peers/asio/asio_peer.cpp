// asio-peer: the Boost.Asio side of bench/peers_compare.py. The same servers
// as asyncplay's, written the way an Asio user writes them today: one
// single-threaded io_context, C++20 coroutines (awaitable, co_spawn,
// use_awaitable, detached). Nothing of asyncplay's runtime is used (only its
// chat rules: limits and reply texts); Boost 1.74's
// Asio and nlohmann-json (the JSON library asyncplay's chat also uses, so a
// malformed line is judged and an encoded reply is spelled byte for byte the same).
//
//   asio-peer echo --listen 127.0.0.1:0
//       TCP echo: a coroutine per connection reads up to 64 KiB and writes it
//       back, until EOF. Says "echo: listening on 127.0.0.1:PORT" on stderr.
//   asio-peer chat --listen 127.0.0.1:0
//       the chat server of chapter 20 of Programming Rust, wire-compatible with
//       `asyncplay chat-server` (src/chat/): same limits, same reply texts.
//       Says "chat-server: listening on 127.0.0.1:PORT" on stderr.
// Both run until killed. Memory per idle connection is measured on `chat`.

// g++ 12 with Boost 1.74: boost/asio/awaitable.hpp uses std::exchange without
// including <utility>, so it must come first.
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "chat/rules.hpp"  // asyncplay's limits and reply texts (no runtime in it)

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;
using asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

namespace {

// ------------------------------------------------------------------ listening

tcp::acceptor listen_on(asio::io_context& io, const std::string& spec) {
  auto colon = spec.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen wants HOST:PORT, got '" + spec + "'");
  std::string host = spec.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto port = static_cast<unsigned short>(std::stoul(spec.substr(colon + 1)));
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  tcp::acceptor acceptor(io, endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor;
}

void say_listening(const char* who, const tcp::acceptor& acceptor) {
  auto at = acceptor.local_endpoint();
  std::fprintf(stderr, "%s: listening on %s:%u\n", who, at.address().to_string().c_str(), unsigned(at.port()));
  std::fflush(stderr);
}

// Accepts until the process is killed; `serve` gets each connection, with
// TCP_NODELAY set (small replies must not wait for the peer's delayed ACK).
template <class Serve>
awaitable<void> accept_loop(tcp::acceptor acceptor, Serve serve) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer backoff(executor);
  while (true) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(redirect_error(use_awaitable, ec));
    if (ec) {
      // e.g. out of descriptors: let some connections close, as asyncplay does.
      std::fprintf(stderr, "accept: %s\n", ec.message().c_str());
      backoff.expires_after(50ms);
      co_await backoff.async_wait(redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    serve(std::move(socket));
  }
}

// ------------------------------------------------------------------ echo

awaitable<void> echo_connection(tcp::socket socket) {
  constexpr std::size_t kBuffer = 64 * 1024;
  std::unique_ptr<char[]> buffer(new char[kBuffer]);
  error_code ec;
  while (true) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(buffer.get(), kBuffer),
                                                     redirect_error(use_awaitable, ec));
    if (ec) break;  // EOF or reset
    co_await asio::async_write(socket, asio::buffer(buffer.get(), n), redirect_error(use_awaitable, ec));
    if (ec) break;
  }
}

// ------------------------------------------------------------------ chat: the rules
// asyncplay's own limits and words (src/chat/rules.cpp, compiled in: no
// runtime in it), so the load generator (and any client) cannot tell the
// servers apart.

using asyncplay::chat::bad_request;
using asyncplay::chat::dropped;
using asyncplay::chat::no_such_group;
const asyncplay::chat::Limits limits;
const std::size_t kLinesPerTurn = asyncplay::chat::requests_per_turn(limits);
constexpr std::size_t kWriteBatch = 64 * 1024;  // bytes a writer gathers into one write

std::string check_group_name(std::string_view name) { return asyncplay::chat::check_group_name(name, limits); }
std::string too_many_groups() { return asyncplay::chat::too_many_groups(limits); }

using nlohmann::json;

std::string dump_line(const json& doc) {
  // Replace invalid UTF-8 rather than throw, as asyncplay does.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}
std::string message_line(const std::string& group, std::string_view message) {
  return dump_line({{"Message", {{"group_name", group}, {"message", message}}}});
}
std::string error_line(const std::string& text) { return dump_line({{"Error", text}}); }

struct Request {
  bool join = false;  // else Post
  std::string group_name;
  std::string message;
  std::string error;  // non-empty: the line was not a request, and why
};

Request failed(std::string why) {
  Request r;
  r.error = std::move(why);
  return r;
}

// Returns false (and sets `error`) when `body[field]` is not a string.
bool string_field(const json& body, const char* variant, const char* field, std::string& out, Request& r) {
  if (!body.is_object()) {
    r.error = std::string(variant) + " must be an object";
    return false;
  }
  auto it = body.find(field);
  if (it == body.end()) {
    r.error = std::string(variant) + " has no field '" + field + "'";
    return false;
  }
  if (!it->is_string()) {
    r.error = std::string(variant) + "." + field + " must be a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

Request decode_request(std::string_view line) {
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return failed("not valid JSON");
  if (!doc.is_object() || doc.size() != 1) return failed("expected an object with one key naming the variant");
  auto it = doc.begin();
  const std::string& name = it.key();
  const json& body = it.value();
  Request r;
  if (name == "Join") {
    r.join = true;
    string_field(body, "Join", "group_name", r.group_name, r);
    return r;
  }
  if (name == "Post") {
    if (string_field(body, "Post", "group_name", r.group_name, r)) {
      string_field(body, "Post", "message", r.message, r);
    }
    return r;
  }
  return failed("unknown request '" + name + "' (expected Join or Post)");
}

// Lines with a limit, the same rules as asyncplay's LineBuffer: only a partial
// line is kept; a line longer than max_line is reported once and dropped as it
// arrives, up to its newline; "\r\n" ends a line too.
class LineSplitter {
 public:
  enum class Got { line, too_long, none };

  void append(const char* data, std::size_t n) {
    if (start_ == buf_.size()) {
      buf_.clear();
      start_ = scanned_ = 0;
    } else if (start_ > buf_.size() / 2) {
      buf_.erase(0, start_);
      scanned_ = scanned_ > start_ ? scanned_ - start_ : 0;
      start_ = 0;
    }
    buf_.append(data, n);
  }

  // A line (valid until the next call), an over-long line's report, or none.
  Got take(std::string_view& line) {
    while (true) {
      auto newline = buf_.find('\n', std::max(start_, scanned_));
      if (skipping_) {
        if (newline == std::string::npos) {
          release();
          return Got::none;
        }
        start_ = scanned_ = newline + 1;
        skipping_ = false;
        continue;
      }
      if (newline == std::string::npos) {
        scanned_ = buf_.size();
        if (buf_.size() - start_ <= limits.max_line) return Got::none;
        skipping_ = true;
        release();
        return Got::too_long;
      }
      std::size_t length = newline - start_;
      std::size_t begin = start_;
      start_ = scanned_ = newline + 1;
      if (length > limits.max_line) return Got::too_long;
      if (length > 0 && buf_[newline - 1] == '\r') --length;
      line = std::string_view(buf_).substr(begin, length);
      return Got::line;
    }
  }

  // At EOF: a last line without its newline, if any.
  bool take_last(std::string& line) {
    bool any = !skipping_ && start_ < buf_.size();
    if (any) line = buf_.substr(start_);
    release();
    return any;
  }

  // After the caller is done with the lines taken: an idle reader holds nothing.
  void shrink() {
    if (start_ == buf_.size()) release();
  }

 private:
  void release() {
    std::string().swap(buf_);
    start_ = scanned_ = 0;
  }
  std::string buf_;
  std::size_t start_ = 0;
  std::size_t scanned_ = 0;
  bool skipping_ = false;
};

// ------------------------------------------------------------------ chat: the design
//
// Asio has no broadcast channel, and one is not needed. Each group keeps a
// ring of its last 1000 encoded Message lines, numbered by a sequence
// counter; each member keeps only a cursor (the number of the next line it
// will get). A post encodes the line once into the ring and wakes the
// members' writers. Each connection has two coroutines, as in Asio's own
// chat examples: a reader that handles requests, and a writer that sleeps on
// a steady_timer set to expire never (the usual Asio condition variable:
// cancel() wakes it). A woken writer copies everything its cursors have not
// yet seen, group by group, into one buffer of up to 64 KiB, and writes it
// with one async_write. So a member's backlog lives in the group's ring, not
// in a queue per connection; a member whose cursor fell behind the oldest
// line kept is told "Dropped N messages from G." and continues from there
// (tokio's broadcast semantics, which asyncplay has).
//
// An error reply for this connection first moves the lines its cursors have
// not seen into the connection's own reply queue, then goes after them, so
// replies and messages arrive in the order they happened (asyncplay gets the
// same order by stamping lines and replies instead of moving lines). The
// reader waits while 256 lines are queued there (asyncplay's reply queue is
// also 256), so a client that sends garbage and never reads holds little.
//
// Idle connections hold no read buffer: the reader waits for readability
// (async_wait, Asio's reactor-style operation) and then reads without
// blocking into one 64 KiB buffer shared by the whole thread, keeping only a
// partial line of its own. Asio's epoll is edge-triggered and a wait does not
// try the socket first, so the reader reads until would_block before it waits.
//
// Differences from asyncplay that do not show in these benchmarks: no 30 s
// timeout on a write to a peer that takes nothing; and this writer keeps a
// 64 KiB buffer per connection while it writes, where asyncplay's writers
// share one and keep only what the socket did not take.

class Session;

struct Membership {
  class Group* group;
  Session* session;
  std::uint64_t next;   // sequence number of the next line this member gets
  std::size_t index;    // where it sits in group->members_
};

class Group {
 public:
  explicit Group(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  void join(Membership* m) {
    m->next = next_seq_;  // a new member sees only what is posted from now on
    m->index = members_.size();
    members_.push_back(m);
  }

  void leave(Membership* m) {
    members_[m->index] = members_.back();
    members_[m->index]->index = m->index;
    members_.pop_back();
    if (members_.empty()) {  // nobody is left to read what is held: give it back
      std::vector<std::string>().swap(ring_);
      base_seq_ = next_seq_;
    }
  }

  inline void post(std::string_view message);

  std::uint64_t next_seq() const { return next_seq_; }
  std::uint64_t oldest_seq() const {
    std::uint64_t by_capacity = next_seq_ > limits.group_capacity ? next_seq_ - limits.group_capacity : 0;
    return std::max(by_capacity, base_seq_);
  }
  const std::string& line(std::uint64_t seq) const { return ring_[(seq - base_seq_) % limits.group_capacity]; }

 private:
  std::string name_;
  std::vector<std::string> ring_;  // grows to group_capacity; line n at (n - base_seq_) % capacity
  std::uint64_t next_seq_ = 0;
  std::uint64_t base_seq_ = 0;     // the line in ring_[0] when the ring last started empty
  std::vector<Membership*> members_;
};

class GroupTable {
 public:
  Group* get(const std::string& name) {
    auto it = groups_.find(name);
    return it == groups_.end() ? nullptr : it->second.get();
  }
  Group* get_or_create(const std::string& name) {
    if (Group* found = get(name)) return found;
    if (groups_.size() >= limits.max_groups) return nullptr;
    return groups_.emplace(name, std::make_unique<Group>(name)).first->second.get();
  }

 private:
  std::unordered_map<std::string, std::unique_ptr<Group>> groups_;
};

// Every read lands here first; one thread, and the bytes are consumed (copied
// into the connection's partial line) before the next read.
char read_buffer[64 * 1024];

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, GroupTable& groups)
      : socket_(std::move(socket)), wake_writer_(socket_.get_executor()), wake_reader_(socket_.get_executor()),
        groups_(groups) {
    wake_writer_.expires_at(asio::steady_timer::time_point::max());
    wake_reader_.expires_at(asio::steady_timer::time_point::max());
  }
  Session(const Session&) = delete;
  ~Session() { leave_groups(); }

  void start() {
    auto executor = socket_.get_executor();
    // Each coroutine holds a reference: the session lives until both are done.
    asio::co_spawn(executor, read_requests(shared_from_this()), asio::detached);
    asio::co_spawn(executor, write_replies(shared_from_this()), asio::detached);
  }

  // Something new for this connection (a post to one of its groups).
  void notify() {
    if (writer_waiting_) {
      writer_waiting_ = false;
      wake_writer_.cancel();
    }
  }

 private:
  awaitable<void> read_requests(std::shared_ptr<Session>) {
    error_code ec;
    socket_.non_blocking(true, ec);
    std::size_t handled = 0;
    while (true) {
      std::size_t n = socket_.read_some(asio::buffer(read_buffer), ec);
      if (ec == asio::error::would_block) {
        co_await socket_.async_wait(tcp::socket::wait_read, redirect_error(use_awaitable, ec));
        if (ec) break;
        continue;
      }
      if (ec == asio::error::eof) {
        std::string last;
        if (lines_.take_last(last)) {
          if (auto error = handle(last)) queue_reply(*error);
        }
        break;
      }
      if (ec) break;
      lines_.append(read_buffer, n);
      std::string_view line;
      for (auto got = lines_.take(line); got != LineSplitter::Got::none; got = lines_.take(line)) {
        // `line` points into lines_, which only this coroutine touches.
        std::optional<std::string> error;
        if (got == LineSplitter::Got::too_long) {
          error = bad_request("line longer than " + std::to_string(limits.max_line) + " bytes");
        } else {
          error = handle(line);
        }
        if (error) {
          queue_reply(*error);
          // A client that sends garbage and never reads cannot grow the queue forever.
          while (queued_lines_ >= limits.outbound_queue && socket_.is_open()) {
            reader_waiting_ = true;
            co_await wake_reader_.async_wait(redirect_error(use_awaitable, ec));
          }
        }
        // A burst of posts arrives faster than it is read: without letting the
        // writers run now and then, a group's ring would wrap before any member
        // had been written to. As often as asyncplay's reader (chat/rules.hpp):
        // each pause ends a batch for the writers.
        if (++handled % kLinesPerTurn == 0) co_await asio::post(socket_.get_executor(), use_awaitable);
        if (!socket_.is_open()) co_return;  // the writer failed and closed it
      }
      lines_.shrink();
    }
    // EOF or an error: the writer sends what is due, leaves the groups, closes.
    reading_done_ = true;
    writer_waiting_ = false;
    wake_writer_.cancel();
  }

  // Does what one request line asks; returns the error to send back, if any.
  std::optional<std::string> handle(std::string_view line) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return std::nullopt;  // blank line
    Request request = decode_request(line);
    if (!request.error.empty()) return bad_request(request.error);
    if (request.join) {
      if (auto why = check_group_name(request.group_name); !why.empty()) return bad_request(why);
      Group* group = groups_.get_or_create(request.group_name);
      if (!group) return too_many_groups();
      for (auto& m : joined_) {
        if (m->group == group) return std::nullopt;  // already a member: no second copy
      }
      joined_.push_back(std::make_unique<Membership>(Membership{group, this, 0, 0}));
      group->join(joined_.back().get());
      return std::nullopt;
    }
    Group* group = groups_.get(request.group_name);
    if (!group) return no_such_group(request.group_name);
    group->post(request.message);
    return std::nullopt;
  }

  // A reply goes after every line posted to this connection's groups before
  // it, and before every line posted after it: those lines move from the
  // rings into the queue first.
  void queue_reply(const std::string& text) {
    queued_lines_ += take_group_lines(replies_, std::numeric_limits<std::size_t>::max());
    replies_ += error_line(text);
    ++queued_lines_;
    notify();
  }

  // The lines of this connection's groups it has not seen, into `out`, while
  // `out` is under `limit` bytes; returns how many were added.
  std::size_t take_group_lines(std::string& out, std::size_t limit) {
    std::size_t added = 0;
    for (auto& m : joined_) {
      Group& g = *m->group;
      if (std::uint64_t oldest = g.oldest_seq(); m->next < oldest) {
        out += error_line(dropped(oldest - m->next, g.name()));
        m->next = oldest;
        ++added;
      }
      for (; m->next < g.next_seq() && out.size() < limit; ++added) out += g.line(m->next++);
    }
    return added;
  }

  // Everything this connection is due, into `out`: the queued replies (and
  // the lines before them), then what the groups have that it has not seen.
  void collect(std::string& out, std::size_t limit) {
    if (!replies_.empty()) {
      out.swap(replies_);  // `out` is empty here
      std::string().swap(replies_);
      queued_lines_ = 0;
      if (reader_waiting_) {
        reader_waiting_ = false;
        wake_reader_.cancel();
      }
    }
    take_group_lines(out, limit);
  }

  awaitable<void> write_replies(std::shared_ptr<Session>) {
    std::string batch;
    error_code ec;
    while (true) {
      bool last = reading_done_;
      collect(batch, last ? std::numeric_limits<std::size_t>::max() : kWriteBatch);
      if (last) leave_groups();
      if (batch.empty()) {
        if (last || !socket_.is_open()) break;
        std::string().swap(batch);  // idle: hold nothing
        writer_waiting_ = true;
        co_await wake_writer_.async_wait(redirect_error(use_awaitable, ec));
        continue;
      }
      co_await asio::async_write(socket_, asio::buffer(batch), redirect_error(use_awaitable, ec));
      if (ec) break;
      batch.clear();
    }
    socket_.shutdown(tcp::socket::shutdown_both, ec);  // ends the reader too
    socket_.close(ec);
    reading_done_ = true;
    if (reader_waiting_) {
      reader_waiting_ = false;
      wake_reader_.cancel();
    }
  }

  void leave_groups() {
    for (auto& m : joined_) m->group->leave(m.get());
    joined_.clear();
  }

  tcp::socket socket_;
  asio::steady_timer wake_writer_;  // never expires: cancel() is the wake-up
  asio::steady_timer wake_reader_;  // the same, for a reader waiting on its reply queue
  GroupTable& groups_;
  LineSplitter lines_;
  std::vector<std::unique_ptr<Membership>> joined_;
  std::string replies_;  // encoded error replies not yet taken by the writer
  std::size_t queued_lines_ = 0;  // in replies_
  bool writer_waiting_ = false;
  bool reader_waiting_ = false;
  bool reading_done_ = false;
};

void Group::post(std::string_view message) {
  if (members_.empty()) return;  // nobody would get it (asyncplay's broadcast drops it too)
  std::string line = message_line(name_, message);
  if (ring_.size() < limits.group_capacity) {
    ring_.push_back(std::move(line));
  } else {
    ring_[(next_seq_ - base_seq_) % limits.group_capacity] = std::move(line);
  }
  ++next_seq_;
  for (Membership* m : members_) m->session->notify();
}

// ------------------------------------------------------------------ main

int usage() {
  std::fprintf(stderr,
               "usage: asio-peer echo --listen HOST:PORT\n"
               "       asio-peer chat --listen HOST:PORT\n"
               "(memory per idle connection is measured on `chat`)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string mode = argv[1];
  std::string listen = "127.0.0.1:0";
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--listen" && i + 1 < argc) {
      listen = argv[++i];
    } else {
      std::fprintf(stderr, "asio-peer: unknown option '%s'\n", arg.c_str());
      return usage();
    }
  }
  if (mode != "echo" && mode != "chat") return usage();
  try {
    asio::io_context io(1);  // one thread
    tcp::acceptor acceptor = listen_on(io, listen);
    if (mode == "echo") {
      say_listening("echo", acceptor);
      asio::co_spawn(io,
                     accept_loop(std::move(acceptor),
                                 [&io](tcp::socket s) { asio::co_spawn(io, echo_connection(std::move(s)), asio::detached); }),
                     asio::detached);
    } else {
      static GroupTable groups;  // outlives every session
      say_listening("chat-server", acceptor);
      asio::co_spawn(io,
                     accept_loop(std::move(acceptor),
                                 [](tcp::socket s) { std::make_shared<Session>(std::move(s), groups)->start(); }),
                     asio::detached);
    }
    io.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "asio-peer %s: %s\n", mode.c_str(), e.what());
    return 1;
  }
  return 0;
}
