#pragma once
// TaskCancelled: what awaiting a JoinHandle throws when its task was cancelled,
// as tokio's JoinError::Cancelled. (The project's error model: docs/ARCHITECTURE.md.)
#include <stdexcept>
#include <string>

#include "runtime/trace/tracer.hpp"

namespace asyncplay {

class TaskCancelled : public std::runtime_error {
 public:
  explicit TaskCancelled(TaskId id)
      : std::runtime_error("task " + std::to_string(id) + " was cancelled"), id_(id) {}
  TaskId id() const { return id_; }

 private:
  TaskId id_;
};

}  // namespace asyncplay
