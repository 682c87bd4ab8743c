#pragma once
// redis::Connection: one connection to a Redis server, with hiredis's async
// API driven by our reactor (native only). hiredis keeps the protocol (RESP)
// and its own reads and writes; it tells us what it wants through its event
// hooks (add/del read/write, cleanup), as its adapters for libevent or libuv
// do, and a pump task waits for that readiness through the one readiness
// helper and calls hiredis's handlers. No second event loop, no thread.
//
//   auto redis = co_await redis::Connection::connect("127.0.0.1", 6379);
//   auto reply = co_await (*redis)->command({"SISMEMBER", "chat:groups", "rust"});
//
// A connection in subscribe mode (after subscribe()) can only (un)subscribe:
// a program that also publishes needs a second one.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/join_handle.hpp"
#include "runtime/result.hpp"
#include "runtime/sync/notify.hpp"
#include "runtime/task.hpp"

namespace asyncplay::redis {

// A reply, copied out of hiredis (its replies live only inside a callback).
struct Reply {
  enum class Type { string, array, integer, nil, status, error } type = Type::nil;
  std::string text;  // string, status, error
  long long integer = 0;
  std::vector<Reply> elements;  // array
};

class Connection {
 public:
  // Connects to `host` (a numeric address) and `port`. An error says where
  // and why: "connect to Redis at 127.0.0.1:6379: Connection refused".
  static Task<Result<std::unique_ptr<Connection>>> connect(std::string host, std::uint16_t port);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();  // closes the connection (and ends its pump task); commands still waiting get an error

  // A command and its reply; an error reply (-ERR ...) is an Error too. If
  // the connection is lost first: an Error saying so.
  Task<Result<Reply>> command(std::vector<std::string> args);
  // A command whose reply nobody waits for (PUBLISH): false if not sent.
  bool send(const std::vector<std::string>& args);

  // Subscribe mode: `on_message(channel, payload)` is called for every
  // message on the channels subscribed (inside hiredis's read handler: copy
  // what you keep, and do not destroy the connection from there).
  void on_message(std::function<void(std::string_view channel, std::string_view payload)> handler);
  bool subscribe(const std::string& channel);
  bool unsubscribe(const std::string& channel);

  // False once the connection is lost (the server closed it, a protocol
  // error, a reset); lost_reason() says why.
  bool is_open() const;
  const std::string& lost_reason() const;
  // Commands written here and not yet taken by the socket, in bytes (a Redis
  // that does not read makes this grow).
  std::size_t queued_bytes() const;
  // Ready when the connection is lost (at once if it is already).
  Task<void> lost();

  std::string address() const;  // "127.0.0.1:6379"

  struct State;  // shared with hiredis's callbacks and the pump task

 private:
  Connection(std::shared_ptr<State> state, JoinHandle<void> pump);
  std::shared_ptr<State> state_;
  JoinHandle<void> pump_;  // waits for what hiredis wants; ends with the connection
};

}  // namespace asyncplay::redis
