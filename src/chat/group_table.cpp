#include "chat/group_table.hpp"

#include "chat/group_bus.hpp"
#include "chat/mailbox.hpp"
#include "chat/protocol.hpp"

namespace asyncplay::chat {

void Group::add(Membership& member) {
  if (members_.empty() && bus_) bus_->first_member_joined(name_);
  member.group = this;
  member.next = lines_.next_seq();
  member.index = members_.size();
  members_.push_back(&member);
}

void Group::remove(Membership& member) {
  Membership* last = members_.back();
  members_[member.index] = last;
  last->index = member.index;
  members_.pop_back();
  if (members_.empty()) {
    lines_.clear();  // nobody is left to read what is held
    std::vector<Membership*>().swap(members_);
    if (bus_) bus_->last_member_left(name_);
  }
}

void Group::post(std::string message, std::uint64_t stamp) {
  if (members_.empty()) return;
  lines_.push(stamp, encode(FromServer(Message{name_, std::move(message)})));
  for (Membership* member : members_) member->mailbox->has_new_line(*member);
}

Group* GroupTable::get(const std::string& name) {
  auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : it->second.get();
}

Group* GroupTable::get_or_create(const std::string& name) {
  if (Group* found = get(name)) return found;
  if (groups_.size() >= limits_.max_groups) return nullptr;
  return groups_.emplace(name, std::make_unique<Group>(name, limits_.group_capacity, bus_)).first->second.get();
}

void GroupTable::remember_elsewhere(const std::string& name) {
  if (elsewhere_.size() < limits_.max_groups) elsewhere_.insert(name);
}

}  // namespace asyncplay::chat
