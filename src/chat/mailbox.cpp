#include "chat/mailbox.hpp"

#include "chat/protocol.hpp"

namespace asyncplay::chat {

Mailbox::~Mailbox() {
  for (auto& [group, member] : memberships_) member.group->remove(member);
}

void Mailbox::join(Group& group) {
  auto [it, added] = memberships_.try_emplace(&group);
  if (!added) return;
  it->second.notify = &changed_;
  group.add(it->second);
}

void Mailbox::reply(std::string text) {
  replies_.push_back(Reply{groups_.stamp(), encode(FromServer(ServerError{std::move(text)}))});
  changed_.notify_one();
}

void Mailbox::close() {
  if (!is_closed()) closed_at_ = groups_.stamp();
  changed_.notify_one();
}

void Mailbox::take(std::string& out, std::size_t limit) {
  while (out.size() < limit) {
    // Everything before the first reply goes first, then the reply.
    bool reply_next = !replies_.empty() && replies_.front().stamp < closed_at_;
    std::uint64_t before = reply_next ? replies_.front().stamp : closed_at_;
    for (auto& [group, member] : memberships_) take_lines(member, before, out, limit);
    if (out.size() >= limit || !reply_next) return;
    out += replies_.front().line;
    replies_.pop_front();
  }
}

void Mailbox::take_lines(Membership& member, std::uint64_t before, std::string& out, std::size_t limit) {
  const auto& lines = member.group->lines();
  if (member.next < lines.oldest_seq()) {
    std::uint64_t skipped = lines.oldest_seq() - member.next;
    member.next = lines.oldest_seq();
    out += encode(FromServer(ServerError{dropped(skipped, member.group->name())}));
  }
  while (member.next < lines.next_seq() && out.size() < limit) {
    const Posted& posted = lines.at(member.next);
    if (posted.stamp >= before) return;
    out += posted.line;
    ++member.next;
  }
}

}  // namespace asyncplay::chat
