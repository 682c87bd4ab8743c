#include "runtime/tracer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "support/runtime_fixture.hpp"

using namespace asyncplay;
using asyncplay::testing::Gate;
using TracerTest = asyncplay::testing::RuntimeTest;

namespace {
struct Recorder : Tracer {
  std::vector<std::string> events;
  void on_task_event(TaskId, std::string_view name, TaskEvent event) override {
    events.push_back(std::string(name) + " " + std::string(to_string(event)));
  }
};
}  // namespace

TEST_F(TracerTest, ReportsTheSeedsPollAwaitFlow) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> gate;
  auto body = [](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); };
  auto handle = executor.spawn(body(gate), "request");
  executor.run_until_idle();
  gate.open(1);
  executor.run_until_idle();
  executor.set_tracer(nullptr);
  EXPECT_EQ(recorder.events, (std::vector<std::string>{
                                 "request spawned",
                                 "request woken",  // spawning schedules the first poll
                                 "request Pending",
                                 "request woken",
                                 "request Ready",
                             }));
}

TEST_F(TracerTest, ReportsCancellation) {
  Recorder recorder;
  executor.set_tracer(&recorder);
  Gate<int> gate;
  auto body = [](Gate<int>& g) -> Task<int> { co_return co_await g.wait(); };
  auto handle = executor.spawn(body(gate), "doomed");
  executor.run_until_idle();
  handle.cancel();
  executor.set_tracer(nullptr);
  EXPECT_EQ(recorder.events.back(), "doomed cancelled");
}
