#pragma once
// TaskSet: tasks that belong to something, such as a server's connections.
// Each finished task leaves the set by itself; destroying the set cancels every
// task still in it, so a server that is dropped leaves nothing running.
// A task's exception is reported as an unobserved failure (nobody joins it).
#include <cstdint>
#include <string>
#include <unordered_map>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"

namespace asyncplay {

class TaskSet {
 public:
  TaskSet() = default;
  TaskSet(const TaskSet&) = delete;
  TaskSet& operator=(const TaskSet&) = delete;
  ~TaskSet() { cancel_all(); }

  // Cancels every task in the set (their futures are dropped now); the set
  // stays usable.
  void cancel_all() {
    auto handles = std::move(handles_);
    handles_.clear();
    for (auto& [key, handle] : handles) handle.cancel();
  }

  // The site is the caller's (the accept loop's line, not this header's).
  template <Future F>
  void spawn(F future, std::string name = {}, const char* file = __builtin_FILE(), std::uint32_t line = __builtin_LINE(),
             const char* function = __builtin_FUNCTION()) {
    std::uint64_t key = next_key_++;
    handles_.emplace(key, Executor::current().spawn(run(std::move(future), key), std::move(name), file, line, function));
  }

  std::size_t size() const { return handles_.size(); }

 private:
  template <Future F>
  Task<void> run(F future, std::uint64_t key) {
    try {
      co_await future;
    } catch (...) {
      handles_.erase(key);  // detached: the failure is reported, not lost
      throw;
    }
    handles_.erase(key);
  }

  std::unordered_map<std::uint64_t, JoinHandle<void>> handles_;  // running tasks by key
  std::uint64_t next_key_ = 0;
};

}  // namespace asyncplay
