#include "net/line_buffer.hpp"

#include <algorithm>

namespace asyncplay::net {

void LineBuffer::append(std::span<const char> bytes) {
  if (start_ == buf_.size()) {
    buf_.clear();
    start_ = scanned_ = 0;
  } else if (start_ > buf_.size() / 2) {
    buf_.erase(0, start_);
    scanned_ = scanned_ > start_ ? scanned_ - start_ : 0;
    start_ = 0;
  }
  buf_.append(bytes.data(), bytes.size());
}

std::optional<LineBuffer::Line> LineBuffer::take_line() {
  while (true) {
    // Bytes before scanned_ were searched already: a line arriving a few bytes
    // at a time must not be searched again from its start each time.
    auto newline = buf_.find('\n', std::max(start_, scanned_));
    if (skipping_) {
      if (newline == std::string::npos) {
        release();
        return std::nullopt;
      }
      start_ = scanned_ = newline + 1;
      skipping_ = false;
      continue;
    }
    if (newline == std::string::npos) {
      scanned_ = buf_.size();
      if (buffered() <= max_line_) return std::nullopt;
      skipping_ = true;
      release();
      return too_long();
    }
    std::size_t length = newline - start_;
    if (length > max_line_) {
      start_ = scanned_ = newline + 1;
      return too_long();
    }
    if (length > 0 && buf_[newline - 1] == '\r') --length;
    std::string line = buf_.substr(start_, length);
    start_ = scanned_ = newline + 1;
    if (start_ == buf_.size()) release();
    return Line(std::optional<std::string>(std::move(line)));
  }
}

LineBuffer::Line LineBuffer::take_last() {
  if (skipping_ || buffered() == 0) {
    release();
    return Line(std::optional<std::string>());
  }
  std::string line = buf_.substr(start_);
  release();
  return Line(std::optional<std::string>(std::move(line)));
}

LineBuffer::Line LineBuffer::too_long() const {
  return Line(Error(std::errc::message_size, "line longer than " + std::to_string(max_line_) + " bytes"));
}

void LineBuffer::release() {
  std::string().swap(buf_);
  start_ = scanned_ = 0;
}

}  // namespace asyncplay::net
