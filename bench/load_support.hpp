#pragma once
// What the load generators (chat_load, relay_load) share: "--name value"
// options, the descriptor limit, and waiting for stdin to close.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "io/source.hpp"
#include "runtime/driver.hpp"
#include "runtime/never.hpp"
#include "runtime/task.hpp"

namespace asyncplay::bench {

struct Options {
  std::string mode;
  std::map<std::string, std::string> values;  // "--size" -> "64"

  bool has(const std::string& name) const { return values.count(name) != 0; }

  std::uint64_t number(const std::string& name, std::optional<std::uint64_t> fallback = {}) const {
    auto it = values.find(name);
    if (it == values.end()) {
      if (!fallback) throw std::invalid_argument("missing " + name);
      return *fallback;
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc() || end != it->second.data() + it->second.size()) {
      throw std::invalid_argument(name + " wants a number, not '" + it->second + "'");
    }
    return value;
  }
  // A duration in seconds, fractions allowed ("0.5").
  Clock::duration seconds(const std::string& name, std::optional<double> fallback = {}) const {
    auto it = values.find(name);
    double s = 0;
    if (it == values.end()) {
      if (!fallback) throw std::invalid_argument("missing " + name);
      s = *fallback;
    } else {
      char* end = nullptr;
      s = std::strtod(it->second.c_str(), &end);
      if (end == it->second.c_str() || *end != '\0' || s < 0) {
        throw std::invalid_argument(name + " wants seconds, not '" + it->second + "'");
      }
    }
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  }
  std::string text(const std::string& name, const std::string& fallback) const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

// "MODE --name value ...": `usage` is the error when no mode is given.
inline Options parse_options(int argc, char** argv, const std::string& usage) {
  if (argc < 2) throw std::invalid_argument(usage);
  Options options{argv[1], {}};
  for (int i = 2; i < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0 || i + 1 >= argc) throw std::invalid_argument("expected --name value at '" + name + "'");
    options.values[name] = argv[i + 1];
  }
  return options;
}

// Lets this process hold `n` descriptors (up to the hard limit).
inline void allow_descriptors(rlim_t n) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < n) {
    limit.rlim_cur = std::min(n, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < n) {
    throw std::runtime_error("only " + std::to_string(limit.rlim_cur) + " descriptors allowed, " +
                             std::to_string(n) + " needed (raise `ulimit -n`)");
  }
}

// Resolves when stdin is closed (or a line arrives), or never if stdin cannot be
// watched (a regular file, /dev/null): then only --hold ends the wait.
inline Task<void> stdin_closed() {
  auto source = io::Source::adopt(::dup(0));  // the Source closes its copy
  if (!source) {
    co_await never();  // dropped by the race when --hold passes
    co_return;
  }
  char buffer[256];
  int fd = source->fd();
  auto reading = source->io(io::Direction::read, [&] { return ::read(fd, buffer, sizeof buffer); }, "read stdin");
  (void)co_await reading;
}

}  // namespace asyncplay::bench
