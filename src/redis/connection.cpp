// redis::Connection: hiredis's async context on our reactor (see connection.hpp).
//
// States: connecting -> open -> lost (the server closed it, a protocol error,
// or our destructor). Invariants: `ac` is null once hiredis has freed the
// context (its cleanup hook), and nothing calls hiredis after that; every
// command's callback runs exactly once, with a reply or (when the context is
// freed first) with none.
#include "redis/connection.hpp"

#include <fcntl.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <optional>

#include "io/source.hpp"
#include "runtime/executor.hpp"
#include "runtime/race.hpp"
#include "runtime/sync/oneshot.hpp"

namespace asyncplay::redis {

struct Connection::State {
  std::string address;              // "127.0.0.1:6379", for errors
  redisAsyncContext* ac = nullptr;  // hiredis's context; null once it freed it
  io::Source source;                // a duplicate of hiredis's socket, only to wait for readiness
  bool want_read = false;           // what hiredis's hooks last asked for
  bool want_write = false;
  Notify hooks_changed;                                    // the pump waits on this besides the socket
  std::optional<oneshot::Sender<Result<void>>> connected;  // until the connect callback
  bool lost = false;
  std::string lost_reason;
  Notify lost_changed;  // the one lost() waiter
  std::function<void(std::string_view, std::string_view)> on_message;
};

namespace {

using State = Connection::State;

Reply copy_reply(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::string;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::status;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::error;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::integer;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::array;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
      break;
    default:
      out.type = Reply::Type::nil;
      break;
  }
  return out;
}

void mark_lost(State& s, std::string why) {
  if (s.lost) return;
  s.lost = true;
  s.lost_reason = std::move(why);
  s.lost_changed.notify_one();
}

// hiredis's event hooks: what it wants to wait for, and the end.
void add_read(void* data) {
  auto* s = static_cast<State*>(data);
  s->want_read = true;
  s->hooks_changed.notify_one();
}
void del_read(void* data) { static_cast<State*>(data)->want_read = false; }
void add_write(void* data) {
  auto* s = static_cast<State*>(data);
  s->want_write = true;
  s->hooks_changed.notify_one();
}
void del_write(void* data) { static_cast<State*>(data)->want_write = false; }
void cleanup(void* data) {
  auto* s = static_cast<State*>(data);
  // hiredis is freeing the context (and calls this before its disconnect
  // callback): the reason is read while the context is still there.
  mark_lost(*s, s->ac && s->ac->err ? s->ac->errstr : "connection closed");
  s->ac = nullptr;  // never call hiredis again
  s->want_read = s->want_write = false;
  s->hooks_changed.notify_one();
}

void on_connect(const redisAsyncContext* ac, int status) {
  auto* s = static_cast<State*>(ac->data);
  Result<void> outcome;
  if (status != REDIS_OK) {
    std::string why = ac->errstr[0] ? ac->errstr : "connection failed";
    mark_lost(*s, why);
    outcome =
        Error::sentence(std::errc::connection_refused, "connect to Redis at " + s->address + ": " + why);
  }
  if (s->connected) {
    s->connected->send(std::move(outcome));
    s->connected.reset();
  }
}

void on_disconnect(const redisAsyncContext* ac, int status) {
  auto* s = static_cast<State*>(ac->data);
  mark_lost(*s, status == REDIS_OK ? "closed" : (ac->errstr[0] ? ac->errstr : "connection lost"));
}

void on_reply(redisAsyncContext* ac, void* reply, void* privdata) {
  auto* sender = static_cast<oneshot::Sender<Result<Reply>>*>(privdata);
  if (!reply) {
    std::string why = ac && ac->err ? std::string(": ") + ac->errstr : "";
    sender->send(Error::sentence(std::errc::connection_aborted,
                                 "the connection to Redis was lost before the reply" + why));
  } else {
    Reply copied = copy_reply(static_cast<redisReply*>(reply));
    if (copied.type == Reply::Type::error)
      sender->send(Error::sentence(std::errc::protocol_error, "Redis: " + copied.text));
    else
      sender->send(std::move(copied));
  }
  delete sender;
}

void on_pubsub(redisAsyncContext* ac, void* reply, void*) {
  auto* r = static_cast<redisReply*>(reply);
  if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 3) return;  // freed, or not a message
  auto* kind = r->element[0];
  if (kind->type != REDIS_REPLY_STRING || std::string_view(kind->str, kind->len) != "message") return;
  auto* s = static_cast<State*>(ac->data);
  if (s->on_message) {
    s->on_message({r->element[1]->str, r->element[1]->len}, {r->element[2]->str, r->element[2]->len});
  }
}

// Calls hiredis's handler for `direction` if the socket is ready for it now
// (a zero-timeout poll: hiredis does not say whether it drained the socket,
// so the level is asked for); else says EAGAIN, and the helper waits.
long handle_if_ready(State& s, io::Direction direction) {
  if (!s.ac) return 1;
  pollfd p{s.source.fd(), static_cast<short>(direction == io::Direction::read ? POLLIN : POLLOUT), 0};
  if (::poll(&p, 1, 0) <= 0 || p.revents == 0) {
    errno = EAGAIN;
    return -1;
  }
  if (direction == io::Direction::read)
    redisAsyncHandleRead(s.ac);
  else
    redisAsyncHandleWrite(s.ac);
  return 1;
}

// Waits for what hiredis wants and calls its handlers, until it frees the
// context.
Task<void> pump(std::shared_ptr<State> s) {
  while (s->ac) {
    auto readable = s->source.io(
        io::Direction::read, [&s] { return handle_if_ready(*s, io::Direction::read); }, "Redis read");
    auto writable = s->source.io(
        io::Direction::write, [&s] { return handle_if_ready(*s, io::Direction::write); }, "Redis write");
    // Each wait is woken by the reactor (the socket) or by a hook (hiredis
    // has something new to write, or is done).
    if (s->want_read && s->want_write) {
      (void)co_await race(std::move(writable), std::move(readable), s->hooks_changed.notified());
    } else if (s->want_write) {
      (void)co_await race(std::move(writable), s->hooks_changed.notified());
    } else if (s->want_read) {
      (void)co_await race(std::move(readable), s->hooks_changed.notified());
    } else {
      co_await s->hooks_changed.notified();
    }
  }
  s->source.close();  // the last reference to the socket: now it closes
}

// hiredis wants argv as pointers and lengths.
struct Argv {
  explicit Argv(const std::vector<std::string>& args) {
    for (const auto& a : args) {
      pointers.push_back(a.data());
      lengths.push_back(a.size());
    }
  }
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
};

}  // namespace

Connection::Connection(std::shared_ptr<State> state, JoinHandle<void> pump)
    : state_(std::move(state)), pump_(std::move(pump)) {}

Connection::~Connection() {
  if (state_->ac) redisAsyncFree(state_->ac);  // callbacks run with no reply; cleanup clears ac
  pump_.cancel();                              // nothing left to wait for: the socket closes with the state
}

Task<Result<std::unique_ptr<Connection>>> Connection::connect(std::string host, std::uint16_t port) {
  // hiredis writes with write(), not send(MSG_NOSIGNAL): a write to a Redis
  // that has gone (a reset) would raise SIGPIPE and end the whole program.
  // Ignored once for the process, as servers do; every error is still seen
  // as EPIPE.
  static const bool sigpipe_ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)sigpipe_ignored;
  auto s = std::make_shared<State>();
  s->address = host + ":" + std::to_string(port);
  std::string where = "connect to Redis at " + s->address;
  redisAsyncContext* ac = redisAsyncConnect(host.c_str(), port);
  if (!ac) co_return Error(std::errc::not_enough_memory, where);
  if (ac->err) {
    std::string why = ac->errstr;
    redisAsyncFree(ac);
    co_return Error::sentence(std::errc::connection_refused, where + ": " + why);
  }
  // A Redis host that vanishes without a reset is noticed by TCP's keepalive.
  redisEnableKeepAlive(&ac->c);
  auto source = io::Source::adopt(::fcntl(ac->c.fd, F_DUPFD_CLOEXEC, 0));
  if (!source) {
    redisAsyncFree(ac);
    co_return source.error().within(where);
  }
  s->source = std::move(*source);
  s->ac = ac;
  ac->data = s.get();
  ac->ev.data = s.get();
  ac->ev.addRead = add_read;
  ac->ev.delRead = del_read;
  ac->ev.addWrite = add_write;
  ac->ev.delWrite = del_write;
  ac->ev.cleanup = cleanup;
  auto [sender, receiver] = oneshot::channel<Result<void>>();
  s->connected.emplace(std::move(sender));
  redisAsyncSetDisconnectCallback(ac, on_disconnect);
  redisAsyncSetConnectCallback(ac, on_connect);  // asks for the first write event: the connect's end
  std::unique_ptr<Connection> connection(new Connection(s, spawn(pump(s), "redis " + s->address)));
  auto connected = co_await std::move(receiver);
  if (!connected) co_return Error::sentence(std::errc::connection_refused, where + ": " + s->lost_reason);
  if (!*connected) co_return connected->error();
  co_return std::move(connection);
}

Task<Result<Reply>> Connection::command(std::vector<std::string> args) {
  if (!state_->ac)
    co_return Error::sentence(std::errc::not_connected, "Redis at " + address() + ": " + lost_reason());
  auto [sender, receiver] = oneshot::channel<Result<Reply>>();
  auto* held = new oneshot::Sender<Result<Reply>>(std::move(sender));  // freed by on_reply, which always runs
  Argv argv(args);
  if (redisAsyncCommandArgv(state_->ac, on_reply, held, static_cast<int>(args.size()), argv.pointers.data(),
                            argv.lengths.data()) != REDIS_OK) {
    delete held;
    co_return Error::sentence(std::errc::not_connected, "Redis at " + address() + ": not connected");
  }
  auto reply = co_await std::move(receiver);
  if (!reply) co_return Error(std::errc::connection_aborted, "Redis at " + address() + ": no reply");
  co_return std::move(*reply);
}

bool Connection::send(const std::vector<std::string>& args) {
  if (!state_->ac) return false;
  Argv argv(args);
  return redisAsyncCommandArgv(state_->ac, nullptr, nullptr, static_cast<int>(args.size()),
                               argv.pointers.data(), argv.lengths.data()) == REDIS_OK;
}

void Connection::on_message(std::function<void(std::string_view, std::string_view)> handler) {
  state_->on_message = std::move(handler);
}

bool Connection::subscribe(const std::string& channel) {
  if (!state_->ac) return false;
  const char* argv[] = {"SUBSCRIBE", channel.data()};
  std::size_t lengths[] = {9, channel.size()};
  return redisAsyncCommandArgv(state_->ac, on_pubsub, nullptr, 2, argv, lengths) == REDIS_OK;
}

bool Connection::unsubscribe(const std::string& channel) {
  if (!state_->ac) return false;
  const char* argv[] = {"UNSUBSCRIBE", channel.data()};
  std::size_t lengths[] = {11, channel.size()};
  return redisAsyncCommandArgv(state_->ac, on_pubsub, nullptr, 2, argv, lengths) == REDIS_OK;
}

bool Connection::is_open() const { return state_->ac && !state_->lost; }
std::size_t Connection::queued_bytes() const { return state_->ac ? sdslen(state_->ac->c.obuf) : 0; }
const std::string& Connection::lost_reason() const { return state_->lost_reason; }
std::string Connection::address() const { return state_->address; }

Task<void> Connection::lost() {
  std::shared_ptr<State> s = state_;
  while (!s->lost) co_await s->lost_changed.notified();  // woken by mark_lost
}

}  // namespace asyncplay::redis
