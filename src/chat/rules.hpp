#pragma once
// What both chat servers (async and threads) decide the same way: limits, and
// the words of every reply. The book's texts are kept exactly where it has them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace asyncplay::chat {

struct Limits {
  std::size_t max_line = 64 * 1024;        // bytes per request line
  std::size_t max_group_name = 256;        // bytes
  std::size_t max_groups = 10'000;         // groups in the whole server
  std::size_t group_capacity = 1000;       // messages a group keeps for slow members (the book's)
  std::size_t outbound_queue = 256;        // replies waiting to be written, per connection
};

// How many requests a reader handles before it lets the members' writers
// run. Each pause ends a batch: every writer then sends what its groups got
// meanwhile in one write, so the longer the turn, the fewer sends a burst of
// posts costs (a fan-out's server time is mostly the kernel's, per send).
// 128, as tokio gives a task 128 operations a turn; never above a quarter of
// a group's ring, so one reader's turn cannot wrap it before the writers copy
// from it. Inline: asked once per request.
inline std::size_t requests_per_turn(const Limits& limits) {
  return std::clamp<std::size_t>(limits.group_capacity / 4, 1, 128);
}

// Empty when `name` is acceptable, else the reason.
std::string check_group_name(std::string_view name, const Limits& limits);

std::string no_such_group(std::string_view name);  // "Group 'G' does not exist"
std::string dropped(std::uint64_t count, std::string_view name);  // "Dropped N messages from G."
std::string bad_request(std::string_view why);
std::string too_many_groups(const Limits& limits);

}  // namespace asyncplay::chat
