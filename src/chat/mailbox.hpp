#pragma once
// Mailbox: what the async chat server owes one connection, for its writer to
// take. Lines posted to the connection's groups stay in the groups' rings (a
// cursor per membership says how far this connection has got); only this
// connection's own error replies are queued here. take() hands both over in
// the order they happened (every post and reply carries a server-wide stamp),
// across all the connection's groups, so a busy group cannot starve a quiet
// one of its turn.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chat/group_table.hpp"
#include "runtime/detail/ring_queue.hpp"
#include "runtime/sync/notify.hpp"

namespace asyncplay::chat {

class Mailbox {
 public:
  explicit Mailbox(GroupTable& groups) : groups_(groups) {}
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  ~Mailbox();  // leaves every group

  bool is_member(const Group& group) const;
  // From now on this connection gets what is posted to `group`.
  void join(Group& group);
  // Queues an error reply ("{"Error":...}\n") for the writer.
  void reply(std::string text);
  std::size_t replies_queued() const { return replies_.size(); }
  // Nothing posted from now on is owed: once the writer has taken what is
  // due, take() finds nothing more and the writer can end.
  void close();
  bool is_closed() const { return closed_at_ != kOpen; }

  // Appends what is owed to `out`, oldest first, until `out` holds at least
  // `limit` bytes or nothing more is owed. A member that fell behind its
  // group's ring gets "Dropped N messages from G." in place of the lost lines.
  void take(std::string& out, std::size_t limit);

  // Notified when something is owed from a group that owed nothing since the
  // last take() that looked at it, on each reply, and on close(). A writer
  // that waits only once take() has given it nothing misses no line.
  Notify& changed() { return changed_; }

  // Called by `member`'s group for a line it keeps, when `member` was owed
  // nothing (Group::owes_nothing).
  void has_new_line(Membership& member);

 private:
  static constexpr std::uint64_t kOpen = UINT64_MAX;
  struct Reply {
    std::uint64_t stamp;
    std::string line;
  };
  // The membership whose next owed line is the oldest of all and older than
  // `before` (null when there is none); `next_other` gets the stamp of the
  // oldest line owed by any other (or `before`). Drops memberships with
  // nothing owed from pending_ on the way.
  Membership* oldest_owed(std::uint64_t before, std::uint64_t& next_other);
  // Appends `member`'s owed lines stamped before `before`, at least one
  // (after a "Dropped" line if it lagged), while `out` is under `limit`.
  void take_lines(Membership& member, std::uint64_t before, std::string& out, std::size_t limit);

  GroupTable& groups_;
  // This connection's memberships, sorted by group address: most connections
  // are in a group or two, and a sorted vector holds one pointer each where a
  // hash map held a node and a bucket array (memory per idle connection).
  std::vector<std::unique_ptr<Membership>> memberships_;
  std::vector<Membership*> pending_;  // memberships that may have lines to take (not Group::owes_nothing)
  detail::RingQueue<Reply> replies_;
  Notify changed_;
  std::uint64_t closed_at_ = kOpen;  // the stamp at close(): nothing from then on is owed
};

}  // namespace asyncplay::chat
