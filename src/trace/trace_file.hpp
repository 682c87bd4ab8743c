#pragma once
// TraceFile: `--trace FILE` natively: a Tracer writing the Chrome trace
// format (chrome_trace.hpp) to FILE as events come, each with one write(2),
// so what was written is whole even if the program is killed; on SIGINT or
// SIGTERM the array is closed before the program ends.
#include <string>

#include "runtime/trace/tracer.hpp"
#include "trace/chrome_trace.hpp"

namespace asyncplay::trace {

class TraceFile final : public Tracer {
 public:
  // Throws std::runtime_error when FILE cannot be created.
  explicit TraceFile(const std::string& path);
  ~TraceFile() override;  // closes the array and the file
  TraceFile(const TraceFile&) = delete;
  TraceFile& operator=(const TraceFile&) = delete;

  void on_event(const TraceEvent& event) override { chrome_.add(event); }
  const std::string& path() const { return path_; }

 private:
  void write(std::string_view text);

  std::string path_;
  int fd_ = -1;
  ChromeTrace chrome_;
};

}  // namespace asyncplay::trace
