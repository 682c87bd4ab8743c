#pragma once
// A task that throws while nobody holds its JoinHandle has no one to tell, so
// the failure is reported here instead of vanishing (like Rust's panic hook).
// The default handler prints one line to stderr.
#include <exception>
#include <functional>
#include <string_view>

#include "runtime/trace/tracer.hpp"

namespace asyncplay {

using UnobservedFailureHandler =
    std::function<void(TaskId id, std::string_view name, std::exception_ptr error)>;

// Installs `handler` (empty restores the default); returns the previous one.
UnobservedFailureHandler set_unobserved_failure_handler(UnobservedFailureHandler handler);

}  // namespace asyncplay
