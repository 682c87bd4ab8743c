// Linked into every test program: with ASYNCPLAY_LINT_CHECK=1 in the
// environment (npm test sets it for the ASan run), every executor the tests
// create on the main thread traces, and any lint (a lost waker, a long poll,
// a task that keeps waking itself) fails the test that caused it. Tests that
// install their own tracer (to provoke lints on purpose) replace this one.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "runtime/executor.hpp"

namespace {

class LintCheck final : public asyncplay::Tracer, public ::testing::Environment {
 public:
  void SetUp() override {
    asyncplay::LintRules rules;
    // Sanitizers on a loaded 2-core machine make a test's heavy poll (16 MB
    // written in one go) take seconds: only a poll that is stuck counts here.
    // The long-poll lint itself is tested with its own threshold (lint_test).
    rules.long_poll = std::chrono::seconds(30);
    // A pipeline inside one task (the relay's tunnel: a read hands a frame to
    // the writer joined with it) that never has to wait on a socket is woken
    // only by itself, poll after poll, while it moves data; with sanitizers
    // and a fast peer (wss:// echo under ASan) that lasts more than 10 polls.
    // A genuine busy loop never stops, so it still fails the test here; the
    // lint's own threshold of 10 is tested in lint_test and kept in the page.
    rules.self_wake_streak = 10'000;
    asyncplay::Executor::trace_new_executors(this, rules);
  }
  void TearDown() override { asyncplay::Executor::trace_new_executors(nullptr); }
  void on_event(const asyncplay::TraceEvent& event) override {
    if (event.kind != asyncplay::TraceKind::lint) return;
    ADD_FAILURE() << "lint " << asyncplay::to_string(event.lint) << " on task " << event.task << " '"
                  << event.name << "': " << event.text;
  }
};

const bool installed = [] {
  const char* on = std::getenv("ASYNCPLAY_LINT_CHECK");
  if (on && std::string(on) == "1") ::testing::AddGlobalTestEnvironment(new LintCheck);
  return true;
}();

}  // namespace
