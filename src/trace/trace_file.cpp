#include "trace/trace_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace asyncplay::trace {
namespace {

volatile std::sig_atomic_t open_fd = -1;  // the trace file a signal closes

// Async-signal-safe: only write(2) and _exit.
extern "C" void close_on_signal(int signal) {
  if (open_fd >= 0) {
    const char end[] = "\n]\n";
    [[maybe_unused]] auto n = ::write(open_fd, end, sizeof end - 1);
  }
  _exit(128 + signal);
}

}  // namespace

TraceFile::TraceFile(const std::string& path)
    : path_(path),
      fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)),
      chrome_([this](std::string_view piece) { write(piece); }, Clock::now()) {
  if (fd_ < 0) throw std::runtime_error("--trace " + path + ": " + std::strerror(errno));
  open_fd = fd_;
  std::signal(SIGINT, close_on_signal);
  std::signal(SIGTERM, close_on_signal);
}

TraceFile::~TraceFile() {
  open_fd = -1;
  chrome_.finish();
  if (fd_ >= 0) ::close(fd_);
}

// Each piece is a whole event (chrome_trace.cpp): one write each.
void TraceFile::write(std::string_view text) {
  while (fd_ >= 0 && !text.empty()) {
    ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // a full disk loses the trace, not the program
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace asyncplay::trace
