#include "chat/group_table.hpp"

#include <cassert>
#include <utility>

#include "chat/group_bus.hpp"
#include "chat/mailbox.hpp"
#include "chat/protocol.hpp"

namespace asyncplay::chat {

void Group::swap_places(std::size_t a, std::size_t b) {
  std::swap(members_[a], members_[b]);
  members_[a]->index = a;
  members_[b]->index = b;
}

void Group::add(Membership& member) {
  if (members_.empty() && bus_) bus_->first_member_joined(name_);
  member.group = this;
  member.next = lines_.next_seq();
  member.index = members_.size();
  members_.push_back(&member);
  swap_places(member.index, caught_up_++);  // a new member is owed nothing
}

void Group::caught_up(Membership& member) {
  assert(!owes_nothing(member));
  swap_places(member.index, caught_up_++);
}

void Group::remove(Membership& member) {
  if (member.index < caught_up_) swap_places(member.index, --caught_up_);  // to the pending part's front
  swap_places(member.index, members_.size() - 1);
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
  for (std::size_t i = 0; i < caught_up_; ++i) members_[i]->mailbox->has_new_line(*members_[i]);
  caught_up_ = 0;  // every member is pending now
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
