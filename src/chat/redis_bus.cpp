// RedisBus: chat groups over Redis pub/sub (see redis_bus.hpp).
#include "chat/redis_bus.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <random>
#include <unordered_set>

#include "chat/group_table.hpp"
#include "chat/mailbox.hpp"
#include "net/host_port.hpp"
#include "net/printable.hpp"
#include "net/resolve.hpp"
#include "runtime/join.hpp"
#include "runtime/race.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kIdLength = 16;          // hex digits of a server id, then a space, then the posts
constexpr std::size_t kMaxBatch = 256 * 1024;  // a batch this big goes at once
constexpr std::size_t kMaxQueued = 16 << 20;   // bytes of commands waiting for Redis to read them

std::string random_id() {
  std::random_device seed;
  std::mt19937_64 bits(seed());
  const char* hex = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < kIdLength; ++i) id += hex[bits() % 16];
  return id;
}

// "127.0.0.1:6379" or "[::1]:6379" -> the address alone.
std::string ip_of(const net::SocketAddress& address) {
  std::string text = address.to_string();
  text.resize(text.rfind(':'));
  if (!text.empty() && text.front() == '[') text = text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

Result<RedisAddress> RedisAddress::parse(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  auto wrong = [&](const std::string& why) {
    return Error::sentence(std::errc::invalid_argument, "--redis " + std::string(url) + ": " + why);
  };
  if (url.substr(0, scheme.size()) != scheme) return wrong("expected redis://HOST[:PORT][/PREFIX]");
  std::string_view rest = url.substr(scheme.size());
  RedisAddress address;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    address.prefix = std::string(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
    if (address.prefix.empty() || address.prefix.size() > 64 ||
        !std::all_of(address.prefix.begin(), address.prefix.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; })) {
      return wrong("the prefix is 1 to 64 letters, digits, '-', '_' or '.'");
    }
  }
  bool has_port = !rest.empty() && (rest.back() != ']') && rest.find(':') != std::string_view::npos &&
                  (rest.front() == '[' || rest.find(':') == rest.rfind(':'));
  auto host_port = net::HostPort::parse(has_port ? std::string(rest) : std::string(rest) + ":6379");
  if (!host_port) return wrong(host_port.error().context());
  address.host = host_port->host;
  address.port = host_port->port;
  return address;
}

std::string RedisAddress::to_string() const {
  return "redis://" + net::HostPort{host, port}.to_string() + "/" + prefix;
}

RedisBus::RedisBus(RedisAddress address, std::string ip, std::FILE* log)
    : address_(std::move(address)), ip_(std::move(ip)), server_id_(random_id()), log_(log) {}

Task<Result<std::unique_ptr<RedisBus>>> RedisBus::connect(RedisAddress address, std::FILE* log) {
  auto found = co_await net::resolve(address.host, address.port);
  if (!found) co_return found.error().within("Redis at " + address.to_string());
  std::unique_ptr<RedisBus> bus(new RedisBus(address, ip_of(found->front()), log));
  auto opened = co_await bus->open_connections();
  if (!opened) co_return opened.error();
  co_return std::move(bus);
}

// Connected means Redis answered: a PING on each connection (so something
// else listening on its port is not taken for it).
// Each step bounded: a Redis host gone silent (no reset) must not hold a
// reconnection, or a post waiting for SISMEMBER, forever.
constexpr auto kAnswerWithin = 5s;

Task<Result<std::unique_ptr<redis::Connection>>> connect_and_ping(const std::string& ip, std::uint16_t port) {
  auto connecting = redis::Connection::connect(ip, port);
  auto connection = co_await timeout(kAnswerWithin, std::move(connecting));
  if (!connection && connection.error().is(std::errc::timed_out)) {
    co_return Error::sentence(std::errc::timed_out, "connect to Redis at " + ip + ":" + std::to_string(port) +
                                                        ": no answer within 5 s");
  }
  if (!connection) co_return connection.error();  // already "connect to Redis at ...: why"
  std::vector<std::string> ping{"PING"};          // (not a braced list inside co_await: g++ 12)
  auto asking = (*connection)->command(std::move(ping));
  auto pong = co_await timeout(kAnswerWithin, std::move(asking));
  if (!pong)
    co_return pong.error().within("Redis at " + ip + ":" + std::to_string(port) + " did not answer PING");
  co_return std::move(*connection);
}

Task<Result<void>> RedisBus::open_connections() {
  auto commands = co_await connect_and_ping(ip_, address_.port);
  if (!commands) co_return commands.error();
  auto subscriber = co_await connect_and_ping(ip_, address_.port);
  if (!subscriber) co_return subscriber.error();
  (*subscriber)->on_message([this](std::string_view channel, std::string_view payload) {
    deliver(channel, payload);
  });
  commands_ = std::move(*commands);
  subscriber_ = std::move(*subscriber);
  // Every group with members here, again (after a reconnection).
  if (groups_) {
    groups_->for_each_group([this](const Group& group) {
      if (group.has_members()) first_member_joined(group.name());
    });
  }
  co_return Result<void>();
}

bool RedisBus::connected() const {
  return commands_ && subscriber_ && commands_->is_open() && subscriber_->is_open();
}

void RedisBus::first_member_joined(const std::string& group) {
  if (!connected()) return;  // done again once reconnected
  commands_->send({"SADD", address_.prefix + ":groups", group});
  subscriber_->subscribe(address_.prefix + ":group:" + group);
}

void RedisBus::last_member_left(const std::string& group) {
  if (connected()) subscriber_->unsubscribe(address_.prefix + ":group:" + group);
}

void RedisBus::publish(const std::string& group, const std::string& message) {
  // While Redis is away the post still reaches this server's members (the
  // caller delivers it); other servers' members were told what may be lost.
  if (!connected()) return;
  // A Redis that stops reading would make the commands queued here grow
  // without end: past the cap, posts stay on this server (and it says so once).
  if (commands_->queued_bytes() > kMaxQueued) {
    if (!said_behind_)
      say("Redis at " + address_.to_string() + " is not keeping up: posts stay on this server until it does");
    said_behind_ = true;
    return;
  }
  said_behind_ = false;
  std::string& batch = outbox_[group];
  if (batch.empty()) batch = server_id_ + " ";
  batch += std::to_string(message.size());
  batch += ':';
  batch += message;
  if (batch.size() >= kMaxBatch) {
    commands_->send({"PUBLISH", address_.prefix + ":group:" + group, batch});
    batch.clear();
  }
  if (!flush_due_) {
    flush_due_ = true;
    posted_.notify_one();
  }
}

void RedisBus::flush() {
  flush_due_ = false;
  if (!connected()) {
    outbox_.clear();  // delivered here; the others were told what may be lost
    return;
  }
  for (auto& [group, batch] : outbox_) {
    if (!batch.empty()) commands_->send({"PUBLISH", address_.prefix + ":group:" + group, batch});
  }
  outbox_.clear();
}

Task<void> RedisBus::send_batches() {
  while (true) {
    co_await posted_.notified();  // woken by the first post of a batch
    co_await yield_now();         // the tasks ready now may post too: one PUBLISH for them all
    flush();
  }
}

Task<Result<bool>> RedisBus::exists_elsewhere(const std::string& group) {
  if (!connected()) co_return Error::sentence(std::errc::not_connected, "the connection to Redis is down");
  std::vector<std::string> ask{"SISMEMBER", address_.prefix + ":groups",
                               group};  // (not a braced list inside co_await: g++ 12)
  auto asking = commands_->command(std::move(ask));
  auto reply = co_await timeout(kAnswerWithin, std::move(asking));
  if (!reply) co_return reply.error();
  co_return reply->type == redis::Reply::Type::integer && reply->integer == 1;
}

// A post from any server (our own are skipped: they were delivered here
// when made). It reaches this server's members as a local post does.
void RedisBus::deliver(std::string_view channel, std::string_view payload) {
  std::string start = address_.prefix + ":group:";
  if (!groups_ || channel.substr(0, start.size()) != start) return;
  if (payload.size() <= kIdLength || payload[kIdLength] != ' ') return;  // not a batch from one of us
  if (payload.substr(0, kIdLength) == server_id_) return;
  Group* group = groups_->get(std::string(channel.substr(start.size())));
  if (!group) return;
  // "LEN:POST" after "LEN:POST": a length that does not parse or does not
  // fit ends the batch (no server of ours sends that).
  std::string_view rest = payload.substr(kIdLength + 1);
  while (!rest.empty()) {
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), length);
    std::size_t digits = static_cast<std::size_t>(end - rest.data());
    if (ec != std::errc() || digits == 0 || digits >= rest.size() || rest[digits] != ':') return;
    rest.remove_prefix(digits + 1);
    if (length > rest.size() || length > groups_->limits().max_line) return;
    group->post(std::string(rest.substr(0, length)), groups_->stamp());
    rest.remove_prefix(length);
  }
}

void RedisBus::tell_members_of_the_loss() {
  if (!groups_) return;
  std::unordered_set<Mailbox*> told;
  groups_->for_each_group([&](const Group& group) {
    group.for_each_member([&](const Membership& member) {
      if (told.insert(member.mailbox).second) {
        member.mailbox->reply("Lost the connection to Redis: posts from other servers may have been lost");
      }
    });
  });
}

void RedisBus::say(const std::string& line) {
  if (log_) std::fprintf(log_, "chat-server: %s\n", net::one_line(line).c_str());
}

Task<void> RedisBus::run() { co_await join(watch(), send_batches()); }

Task<void> RedisBus::watch() {
  while (true) {
    // Woken by either connection's end.
    co_await race(commands_->lost(), subscriber_->lost());
    std::string why = !commands_->is_open() ? commands_->lost_reason() : subscriber_->lost_reason();
    say("Redis at " + address_.to_string() + " lost (" + why + "); reconnecting");
    tell_members_of_the_loss();
    outbox_.clear();
    commands_.reset();
    subscriber_.reset();
    for (auto wait = 100ms;; wait = std::min<std::chrono::milliseconds>(wait * 2, 5s)) {
      co_await sleep(wait);
      auto opened = co_await open_connections();
      if (opened) break;
      commands_.reset();
      subscriber_.reset();
      say("Redis at " + address_.to_string() + ": " + opened.error().message() + "; trying again");
    }
    ++reconnections_;
    say("Redis at " + address_.to_string() + " is back");
  }
}

}  // namespace asyncplay::chat
