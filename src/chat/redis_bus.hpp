#pragma once
// RedisBus: chat groups shared by every server that names the same Redis
// (`asyncplay chat-server --redis redis://HOST:PORT[/PREFIX]`), as chat
// services do with pub/sub on Redis. Native only.
//
//  - A group joined anywhere is in the set PREFIX:groups (groups never end,
//    as in the book), so a post to a group nobody joined anywhere still gets
//    "Group 'G' does not exist".
//  - A server subscribes to PREFIX:group:G while G has local members; each
//    local post is delivered here at once and published there, tagged with
//    this server's id so it is not delivered twice when it comes back. The
//    posts a turn of the executor brings to one group go out as one PUBLISH
//    (a batch: "ID LEN:POST LEN:POST ..."), so a post costs Redis and the
//    servers a fraction of a command, however small the group.
//  - Two connections: one in subscribe mode (it can do nothing else), one for
//    PUBLISH, SADD and SISMEMBER.
//  - Redis lost (closed, killed, a subscriber dropped for its output buffer,
//    garbage instead of RESP): every local member gets one Error saying posts
//    from other servers may have been lost, local delivery goes on, and the
//    bus reconnects with backoff (0.1 s doubling to 5 s) and subscribes again.
//    What was published meanwhile is gone: Redis pub/sub keeps nothing.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chat/group_bus.hpp"
#include "redis/connection.hpp"
#include "runtime/sync/notify.hpp"

namespace asyncplay::chat {

struct RedisAddress {
  std::string host;  // a name or an address, as given
  std::uint16_t port = 6379;
  std::string prefix = "asyncplay";  // keys and channels start with it

  // "redis://HOST[:PORT][/PREFIX]"; errors say what is wrong.
  static Result<RedisAddress> parse(std::string_view url);
  std::string to_string() const;  // "redis://127.0.0.1:6379/asyncplay"
};

class RedisBus : public GroupBus {
 public:
  // Connects both connections; an error (naming the address) if Redis cannot
  // be reached. `log` gets a line when Redis is lost and when it is back.
  static Task<Result<std::unique_ptr<RedisBus>>> connect(RedisAddress address, std::FILE* log);

  // Sends what was posted and watches the connections, reconnecting when
  // they are lost, until cancelled. Run it beside serve_chat.
  Task<void> run();

  void attach(GroupTable& groups) override { groups_ = &groups; }
  void detach() override { groups_ = nullptr; }
  void first_member_joined(const std::string& group) override;
  void last_member_left(const std::string& group) override;
  void publish(const std::string& group, const std::string& message) override;
  Task<Result<bool>> exists_elsewhere(const std::string& group) override;

  bool connected() const;
  std::uint64_t reconnections() const { return reconnections_; }

 private:
  RedisBus(RedisAddress address, std::string ip, std::FILE* log);
  Task<Result<void>> open_connections();
  Task<void> watch();
  Task<void> send_batches();
  void flush();
  void deliver(std::string_view channel, std::string_view payload);
  void tell_members_of_the_loss();
  void say(const std::string& line);

  RedisAddress address_;
  std::string ip_;         // address_.host looked up once, at start
  std::string server_id_;  // random: our own posts coming back are skipped
  std::FILE* log_;
  std::unique_ptr<redis::Connection> commands_;    // PUBLISH, SADD, SISMEMBER
  std::unique_ptr<redis::Connection> subscriber_;  // subscribe mode
  GroupTable* groups_ = nullptr;                   // where other servers' posts go
  std::uint64_t reconnections_ = 0;
  // This turn's posts, per group, not yet published: the batch's payload.
  std::unordered_map<std::string, std::string> outbox_;
  Notify posted_;             // send_batches waits on it
  bool flush_due_ = false;    // posted_ notified, batches not yet sent
  bool said_behind_ = false;  // "not keeping up" was logged for this spell
};

}  // namespace asyncplay::chat
