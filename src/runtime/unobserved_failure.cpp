#include "runtime/unobserved_failure.hpp"

#include <cstdio>
#include <mutex>
#include <string>

#include "runtime/detail/task_header.hpp"

namespace asyncplay {
namespace {

std::mutex handler_mutex;
UnobservedFailureHandler& handler() {
  static UnobservedFailureHandler h;
  return h;
}

std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

}  // namespace

UnobservedFailureHandler set_unobserved_failure_handler(UnobservedFailureHandler next) {
  std::lock_guard lock(handler_mutex);
  return std::exchange(handler(), std::move(next));
}

namespace detail {
void report_unobserved_failure(TaskId id, std::string_view name, std::exception_ptr error) {
  UnobservedFailureHandler h;
  {
    std::lock_guard lock(handler_mutex);
    h = handler();
  }
  if (h) return h(id, name, error);
  std::fprintf(stderr, "asyncplay: task %llu%s%.*s%s failed and nobody awaited it: %s\n",
               static_cast<unsigned long long>(id), name.empty() ? "" : " (",
               static_cast<int>(name.size()), name.data(), name.empty() ? "" : ")",
               describe(error).c_str());
}
}  // namespace detail

}  // namespace asyncplay
