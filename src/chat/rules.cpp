#include "chat/rules.hpp"

namespace asyncplay::chat {

std::string check_group_name(std::string_view name, const Limits& limits) {
  // An empty name is a name: the book's server accepts it, and so do we.
  if (name.size() > limits.max_group_name) {
    return "group name longer than " + std::to_string(limits.max_group_name) + " bytes";
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "group name has control characters";
  }
  return {};
}

std::string no_such_group(std::string_view name) { return "Group '" + std::string(name) + "' does not exist"; }

std::string dropped(std::uint64_t count, std::string_view name) {
  return "Dropped " + std::to_string(count) + " messages from " + std::string(name) + ".";
}

std::string bad_request(std::string_view why) { return "bad request: " + std::string(why); }

std::string too_many_groups(const Limits& limits) {
  return "too many groups (this server keeps at most " + std::to_string(limits.max_groups) + ")";
}

}  // namespace asyncplay::chat
