#pragma once
// GroupBus: what joins one chat server's groups to other servers' (through
// Redis: chat/redis_bus.hpp). A server alone has none. The server tells the
// bus when a group gets its first local member and loses its last one, and
// hands it every local post; the bus delivers other servers' posts into the
// GroupTable, where they reach members as local posts do (through the
// group's ring and each member's writer, so lag and limits are as before).
#include <string>

#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::chat {

class GroupTable;

class GroupBus {
 public:
  virtual ~GroupBus() = default;
  // Where other servers' posts go, from now until detach() (serve_chat's
  // table, for as long as it serves).
  virtual void attach(GroupTable& groups) = 0;
  virtual void detach() = 0;
  // The group exists from now on, for every server; posts to it reach this one.
  virtual void first_member_joined(const std::string& group) = 0;
  // Nobody here hears the group any more.
  virtual void last_member_left(const std::string& group) = 0;
  // A post made here; every other server delivers it to its members.
  virtual void publish(const std::string& group, const std::string& message) = 0;
  // For a post to a group nobody here ever joined: has anyone, anywhere?
  virtual Task<Result<bool>> exists_elsewhere(const std::string& group) = 0;
};

}  // namespace asyncplay::chat
