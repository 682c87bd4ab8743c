#include "chat/mailbox.hpp"

#include <algorithm>
#include <cassert>
#include <functional>

#include "chat/protocol.hpp"

namespace asyncplay::chat {

Mailbox::~Mailbox() {
  for (auto& member : memberships_) member->group->remove(*member);
}

namespace {

// Where `group`'s membership is, or would go, in memberships sorted by group address.
template <class Memberships>
auto position(Memberships& memberships, const Group& group) {
  return std::lower_bound(memberships.begin(), memberships.end(), &group,
                          [](const auto& m, const Group* g) { return std::less<>()(m->group, g); });
}

}  // namespace

bool Mailbox::is_member(const Group& group) const {
  auto at = position(memberships_, group);
  return at != memberships_.end() && (*at)->group == &group;
}

void Mailbox::join(Group& group) {
  if (is_member(group)) return;
  // Room first, so that once the group holds the membership nothing can
  // throw before the mailbox holds it too (~Mailbox removes what it holds).
  if (memberships_.size() == memberships_.capacity()) {
    memberships_.reserve(std::max<std::size_t>(1, 2 * memberships_.size()));
  }
  auto member = std::make_unique<Membership>();
  member->mailbox = this;
  group.add(*member);
  memberships_.insert(position(memberships_, group), std::move(member));
}

void Mailbox::has_new_line(Membership& member) {
  // Only for a member that was owed nothing (Group::post): a pending one's
  // writer has been told and takes again before it waits (a membership
  // leaves pending_ only once nothing is owed), so the group skips it.
  assert(member.group->owes_nothing(member));
  pending_.push_back(&member);
  changed_.notify_one();
}

void Mailbox::reply(std::string text) {
  replies_.push_back(Reply{groups_.stamp(), encode(FromServer(ServerError{std::move(text)}))});
  changed_.notify_one();
}

void Mailbox::close() {
  if (!is_closed()) {
    closed_at_ = groups_.stamp();
    // Lines posted from now on are not owed, nor counted as dropped if the
    // ring wraps past them before the writer is done.
    for (auto& member : memberships_) member->end = member->group->lines().next_seq();
  }
  changed_.notify_one();
}

void Mailbox::take(std::string& out, std::size_t limit) {
  while (out.size() < limit) {
    bool reply_next = !replies_.empty() && replies_.front().stamp < closed_at_;
    std::uint64_t before = reply_next ? replies_.front().stamp : closed_at_;
    std::uint64_t next_other = before;
    if (Membership* member = oldest_owed(before, next_other)) {
      take_lines(*member, next_other, out, limit);
      continue;
    }
    if (!reply_next) return;
    out += replies_.front().line;
    replies_.pop_front();
    // Error replies are rare: a connection that once had one keeps no ring for them.
    if (replies_.empty()) replies_.clear();
  }
}

Membership* Mailbox::oldest_owed(std::uint64_t before, std::uint64_t& next_other) {
  Membership* oldest = nullptr;
  std::uint64_t oldest_stamp = before;
  next_other = before;
  for (std::size_t i = 0; i < pending_.size();) {
    Membership& member = *pending_[i];
    const auto& lines = member.group->lines();
    std::uint64_t until = std::min(lines.next_seq(), member.end);
    if (member.next >= until) {  // nothing owed: off the list until the group's next line
      member.group->caught_up(member);
      pending_[i] = pending_.back();
      pending_.pop_back();
      continue;
    }
    // A member whose owed lines were all overwritten (possible only once
    // closed) still has their count to hear: first of all.
    std::uint64_t head = std::max(member.next, lines.oldest_seq());
    std::uint64_t stamp = head < until ? lines.stamp(head) : 0;
    if (stamp < oldest_stamp) {
      next_other = oldest_stamp;
      oldest = &member;
      oldest_stamp = stamp;
    } else if (stamp < next_other) {
      next_other = stamp;
    }
    ++i;
  }
  return oldest;
}

void Mailbox::take_lines(Membership& member, std::uint64_t before, std::string& out, std::size_t limit) {
  const auto& lines = member.group->lines();
  std::uint64_t until = std::min(lines.next_seq(), member.end);
  if (member.next < lines.oldest_seq()) {
    std::uint64_t resume = std::min(lines.oldest_seq(), until);
    out += encode(FromServer(ServerError{dropped(resume - member.next, member.group->name())}));
    member.next = resume;
  }
  // At least one line: the caller found it the oldest owed. Lines that lie
  // end to end in the log go in one append.
  do {
    if (member.next >= until) return;
    std::size_t room = out.size() < limit ? limit - out.size() : 0;
    out += lines.run(member.next, until, before, room, member.next);
  } while (out.size() < limit && member.next < until && lines.stamp(member.next) < before);
}

}  // namespace asyncplay::chat
