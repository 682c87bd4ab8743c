#pragma once
// Mailbox: what the async chat server owes one connection, for its writer to
// take. Lines posted to the connection's groups stay in the groups' rings (a
// cursor per membership says how far this connection has got); only this
// connection's own error replies are queued here. take() hands both over in
// the order they happened: a reply goes after every line posted to the
// connection's groups before it.
#include <cstdint>
#include <string>
#include <unordered_map>

#include "chat/group_table.hpp"
#include "runtime/detail/ring_queue.hpp"
#include "runtime/notify.hpp"

namespace asyncplay::chat {

class Mailbox {
 public:
  explicit Mailbox(GroupTable& groups) : groups_(groups) {}
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  ~Mailbox();  // leaves every group

  bool is_member(const Group& group) const { return memberships_.count(&group) != 0; }
  // From now on this connection gets what is posted to `group`.
  void join(Group& group);
  // Queues an error reply ("{"Error":...}\n") for the writer.
  void reply(std::string text);
  std::size_t replies_queued() const { return replies_.size(); }
  // Nothing posted from now on is owed: once the writer has taken what is
  // due, take() finds nothing more and the writer can end.
  void close();
  bool is_closed() const { return closed_at_ != kOpen; }

  // Appends what is owed to `out`, in order, until `out` holds at least
  // `limit` bytes or nothing more is owed. A member that fell behind its
  // group's ring gets "Dropped N messages from G." in place of the lost lines.
  void take(std::string& out, std::size_t limit);

  // Notified whenever something new is owed, and on close().
  Notify& changed() { return changed_; }

 private:
  static constexpr std::uint64_t kOpen = UINT64_MAX;
  struct Reply {
    std::uint64_t stamp;
    std::string line;
  };
  // Lines of `member`'s group stamped before `before`, while out < limit.
  void take_lines(Membership& member, std::uint64_t before, std::string& out, std::size_t limit);

  GroupTable& groups_;
  std::unordered_map<const Group*, Membership> memberships_;
  detail::RingQueue<Reply> replies_;
  Notify changed_;
  std::uint64_t closed_at_ = kOpen;  // the stamp at close(): nothing from then on is owed
};

}  // namespace asyncplay::chat
