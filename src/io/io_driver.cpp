#include "io/io_driver.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "io/reactor_epoll.hpp"
#include "io/reactor_uring.hpp"

namespace asyncplay::io {
namespace {

std::atomic<int> chosen{-1};  // -1: not chosen yet, ASYNCPLAY_IO decides
std::once_flag refusal_said;

IoDriver from_environment() {
  const char* text = std::getenv("ASYNCPLAY_IO");
  if (!text || !*text) return IoDriver::automatic;
  if (auto choice = parse_io_driver(text)) return *choice;
  static std::once_flag bad_value_said;
  std::call_once(bad_value_said, [&] {
    std::fprintf(stderr, "asyncplay: ASYNCPLAY_IO must be epoll, uring or auto; ignoring it\n");
  });
  return IoDriver::automatic;
}

IoDriver current_choice() {
  int value = chosen.load(std::memory_order_relaxed);
  return value < 0 ? from_environment() : static_cast<IoDriver>(value);
}

}  // namespace

std::optional<IoDriver> parse_io_driver(std::string_view text) {
  if (text == "auto") return IoDriver::automatic;
  if (text == "epoll") return IoDriver::epoll;
  if (text == "uring" || text == "io_uring") return IoDriver::uring;
  return std::nullopt;
}

void choose_io_driver(IoDriver choice) { chosen.store(static_cast<int>(choice), std::memory_order_relaxed); }

void choose_io_driver_from_environment() { chosen.store(-1, std::memory_order_relaxed); }

std::unique_ptr<Reactor> make_reactor() {
  if (current_choice() != IoDriver::epoll) {
    auto uring = UringReactor::create();
    if (uring) return std::move(*uring);
    std::call_once(refusal_said, [&] {
      std::fprintf(stderr, "asyncplay: io_uring is not available here (%s); using epoll\n",
                   uring.error().message().c_str());
    });
  }
  return std::make_unique<EpollReactor>();
}

}  // namespace asyncplay::io
