#pragma once
// LineBuffer: splits bytes into lines with a length limit. It is the part of
// reading lines that has no I/O in it, shared by BufReader (async) and the
// thread-per-connection chat server (blocking reads).
// Only a partial line is ever kept; a line longer than `max_line` is reported
// once (errc::message_size) and dropped as it arrives, up to its newline.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "runtime/result.hpp"

namespace asyncplay::net {

class LineBuffer {
 public:
  // A line without "\n" or "\r\n"; nullopt means the stream ended.
  using Line = Result<std::optional<std::string>>;

  explicit LineBuffer(std::size_t max_line) : max_line_(max_line) {}

  void append(std::span<const char> bytes);
  // A complete line or an over-long line's error; nullopt when more bytes are needed.
  std::optional<Line> take_line();
  // At the end of the stream: a last line without newline, then nullopt.
  Line take_last();
  std::size_t buffered() const { return buf_.size() - start_; }

 private:
  Line too_long() const;
  void release();  // frees the buffer: an idle reader costs nothing

  std::string buf_;         // bytes not yet returned, from start_
  std::size_t start_ = 0;
  std::size_t scanned_ = 0;  // no newline before this index (from start_ on)
  std::size_t max_line_;
  bool skipping_ = false;   // inside an over-long line: drop up to its newline
};

}  // namespace asyncplay::net
