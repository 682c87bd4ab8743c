#pragma once
// Tracer: lets a playground watch the executor work. When one is installed the
// executor reports each spawn, poll (with its result), wake and end of a task.
// With none installed the cost is one predictable branch per event.
#include <cstdint>
#include <string_view>

namespace asyncplay {

using TaskId = std::uint64_t;

enum class TaskEvent : std::uint8_t {
  spawned,
  polled_pending,  // poll returned Pending: the task waits for a wake
  polled_ready,    // poll returned Ready (or threw): the task is done
  woken,           // a waker asked for the task to be polled again
  cancelled,       // dropped before completing
};

std::string_view to_string(TaskEvent event);

class Tracer {
 public:
  virtual ~Tracer() = default;
  virtual void on_task_event(TaskId id, std::string_view name, TaskEvent event) = 0;
};

}  // namespace asyncplay
