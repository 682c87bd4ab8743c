#pragma once
// The async server's chat groups. A Group is a broadcast channel of encoded
// Message lines: a post is encoded once and shared by every member's queue.
#include <memory>
#include <string>
#include <unordered_map>

#include "chat/rules.hpp"
#include "runtime/broadcast.hpp"

namespace asyncplay::chat {

using Line = std::shared_ptr<const std::string>;  // one encoded reply, "\n" included

class Group {
 public:
  Group(std::string name, std::size_t capacity);
  broadcast::Receiver<Line> join() { return sender_.subscribe(); }
  void post(std::string message);
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  broadcast::Sender<Line> sender_;
};

class GroupTable {
 public:
  explicit GroupTable(Limits limits) : limits_(limits) {}
  Group* get(const std::string& name);
  // Null when the table is full.
  Group* get_or_create(const std::string& name);
  const Limits& limits() const { return limits_; }

 private:
  Limits limits_;
  std::unordered_map<std::string, std::unique_ptr<Group>> groups_;
};

}  // namespace asyncplay::chat
