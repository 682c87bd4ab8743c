#include "wasm/host_trace.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "runtime/executor.hpp"
#include "trace/event_json.hpp"

namespace asyncplay::wasm {

std::string HostTrace::watch() {
  if (!on_) {
    Executor::current().set_tracer(&events_);
    on_ = true;
  }
  nlohmann::json prelude = nlohmann::json::array();
  double t = now();
  for (const TaskSnapshot& task : Executor::current().tasks()) {
    prelude.push_back({{"e", "spawn"}, {"t", t}, {"task", task.id}, {"name", task.name}, {"parent", 0}});
    if (task.state != "pending") continue;  // parked now: its last poll returned Pending
    nlohmann::json at = nlohmann::json::array();
    for (const AwaitFrame& frame : task.parked_at) at.push_back(trace::to_json(frame));
    prelude.push_back({{"e", "poll"}, {"t", t}, {"task", task.id}, {"wake", 0}});
    prelude.push_back(
        {{"e", "pending"}, {"t", t}, {"task", task.id}, {"busy", 0}, {"at", at}, {"waits", task.waits}});
  }
  return prelude.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void HostTrace::stop() {
  if (!on_) return;
  Executor::current().set_tracer(nullptr);
  on_ = false;
}

double HostTrace::now() const {
  return std::chrono::duration<double, std::milli>(Clock::now() - events_.origin()).count();
}

}  // namespace asyncplay::wasm
