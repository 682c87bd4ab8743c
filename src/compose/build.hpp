#pragma once
// build(expression): the runtime's own futures for a parsed expression, as one
// Task<Value>. Nothing here schedules anything: join and race poll their
// futures inside the task that awaits them (join_all, race_all), timeout is
// the runtime's timeout, and only spawn(...) starts a task — named after its
// sub-expression, so it has its own lane in the live view. What a race or a
// timeout drops is destroyed at once: cancellation is destruction.
#include "compose/expression.hpp"
#include "compose/value.hpp"
#include "runtime/task.hpp"

namespace asyncplay::compose {

// Lazy, as every Task: nothing runs, nothing connects, until it is polled.
Task<Value> build(Expression expression);

}  // namespace asyncplay::compose
