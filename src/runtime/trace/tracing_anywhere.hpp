#pragma once
// Whether any executor of this process has a tracer installed. What only a
// tracer reads (wake causes, frame sizes) is recorded only while it holds, so
// with no tracer the cost is a load and a predictable branch.
#include <atomic>
#include <cstddef>

namespace asyncplay::detail {

inline std::atomic<int> tracers_installed{0};  // Executor::set_tracer counts them
inline bool tracing_anywhere() { return tracers_installed.load(std::memory_order_relaxed) != 0; }

}  // namespace asyncplay::detail
