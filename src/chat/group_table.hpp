#pragma once
// The async server's chat groups. A Group keeps its last `group_capacity`
// encoded Message lines in a LineLog; each member keeps only a cursor into it
// (a Membership) and is notified when a line arrives. A post is encoded once,
// and every member's writer copies it, with the lines around it, from the log
// straight into its next write: nothing is queued per member.
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat/line_log.hpp"
#include "chat/rules.hpp"

namespace asyncplay::chat {

class Group;
class GroupBus;
class Mailbox;

// One connection's place in one group.
struct Membership {
  Group* group = nullptr;
  Mailbox* mailbox = nullptr;       // the connection's: told of every new line
  std::uint64_t next = 0;           // the sequence number of the next line it gets
  std::uint64_t end = UINT64_MAX;   // the first line it is not owed (set when the mailbox closes)
  std::size_t index = 0;            // where it sits in the group's member list
  // Whether it is pending (in its mailbox's list of memberships that may have
  // lines to take) is where it sits: Group::owes_nothing().
};

class Group {
 public:
  Group(std::string name, std::size_t capacity, GroupBus* bus)
      : name_(std::move(name)), lines_(capacity), bus_(bus) {}
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;

  const std::string& name() const { return name_; }
  // Each encoded line ("\n" included) is stamped with its place in the
  // server-wide order of posts and replies (GroupTable::stamp), so that a
  // connection's replies are written after exactly the lines posted before.
  const LineLog& lines() const { return lines_; }

  // From now on `member` is told of every post; it starts at the next one.
  // The first member also tells the bus (other servers) of the group.
  void add(Membership& member);
  // When the last member leaves, the lines held are freed (and the bus told).
  void remove(Membership& member);
  bool has_members() const { return !members_.empty(); }
  template <class Fn>
  void for_each_member(Fn fn) const {
    for (Membership* member : members_) fn(*member);
  }
  // Encodes `message` once, keeps it, and tells every member that had
  // nothing owed (the others' writers will take it with what they owe).
  // Nobody hears a post to a group without members, so it is not kept.
  void post(std::string message, std::uint64_t stamp);
  // `member`'s mailbox has found nothing more owed: the next post tells it.
  void caught_up(Membership& member);
  // True from caught_up() (or joining) until the next post.
  bool owes_nothing(const Membership& member) const { return member.index < caught_up_; }

 private:
  void swap_places(std::size_t a, std::size_t b);  // members_[a] and [b], their indices kept true

  std::string name_;
  LineLog lines_;
  // Those owed nothing first, then the pending. A post (in a fan-out, a
  // burst of 128) visits only the first part, once per member per batch
  // rather than once per line.
  std::vector<Membership*> members_;
  std::size_t caught_up_ = 0;  // members_[0, caught_up_) are owed nothing
  GroupBus* bus_;  // other servers' side of this group; null for a server alone
};

class GroupTable {
 public:
  explicit GroupTable(Limits limits, GroupBus* bus = nullptr) : limits_(limits), bus_(bus) {}
  Group* get(const std::string& name);
  // Null when the table is full.
  Group* get_or_create(const std::string& name);
  const Limits& limits() const { return limits_; }
  // The next number in the server-wide order of posts and replies.
  std::uint64_t stamp() { return next_stamp_++; }

  GroupBus* bus() const { return bus_; }
  // Groups this server has seen joined on another (through the bus): a post
  // to one needs no question. Never forgotten, as groups never end.
  bool known_elsewhere(const std::string& name) const { return elsewhere_.count(name) != 0; }
  void remember_elsewhere(const std::string& name);
  template <class Fn>
  void for_each_group(Fn fn) const {
    for (const auto& [name, group] : groups_) fn(*group);
  }

 private:
  Limits limits_;
  GroupBus* bus_;
  std::unordered_map<std::string, std::unique_ptr<Group>> groups_;
  std::unordered_set<std::string> elsewhere_;
  std::uint64_t next_stamp_ = 0;
};

}  // namespace asyncplay::chat
