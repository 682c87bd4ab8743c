#include "chat/group_table.hpp"

#include "chat/protocol.hpp"

namespace asyncplay::chat {

Group::Group(std::string name, std::size_t capacity)
    : name_(std::move(name)), sender_(broadcast::channel<Line>(capacity).first) {}

void Group::post(std::string message) {
  sender_.send(std::make_shared<const std::string>(encode(FromServer(Message{name_, std::move(message)}))));
}

Group* GroupTable::get(const std::string& name) {
  auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : it->second.get();
}

Group* GroupTable::get_or_create(const std::string& name) {
  if (Group* found = get(name)) return found;
  if (groups_.size() >= limits_.max_groups) return nullptr;
  return groups_.emplace(name, std::make_unique<Group>(name, limits_.group_capacity)).first->second.get();
}

}  // namespace asyncplay::chat
