#pragma once
// Which I/O driver the process's executors get: io_uring where the kernel
// allows it, epoll otherwise. Chosen by hand with `--io epoll|uring|auto` or
// the environment variable ASYNCPLAY_IO (the option wins). Where io_uring is
// chosen or automatic but refused (disabled by sysctl, blocked by a seccomp
// profile, too old a kernel), the program says so once on stderr and uses
// epoll.
#include <memory>
#include <optional>
#include <string_view>

namespace asyncplay::io {

class Reactor;

enum class IoDriver { automatic, epoll, uring };

// "auto", "epoll", "uring" (also "io_uring"); nothing for anything else.
std::optional<IoDriver> parse_io_driver(std::string_view text);

// Sets the choice for executors made from now on (until then, and after
// the second call, ASYNCPLAY_IO's).
void choose_io_driver(IoDriver choice);
void choose_io_driver_from_environment();

// A reactor of the chosen kind; epoll, with the one stderr line, when io_uring
// is refused.
std::unique_ptr<Reactor> make_reactor();

}  // namespace asyncplay::io
