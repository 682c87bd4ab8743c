#pragma once
// BufReader: lines from a stream, with a limit. Works on any stream with
// `read(std::span<char>)` (TcpStream on either back end).
//
//   BufReader reader(socket);
//   auto line = co_await reader.next_line();  // Result<optional<string>>
//
// Memory: bytes are read into one scratch buffer per thread and only a partial
// line is kept per reader (LineBuffer), so an idle connection holds no buffer.
#include <memory>
#include <span>

#include "net/line_buffer.hpp"
#include "runtime/future.hpp"

namespace asyncplay::net {

namespace detail {
// Allocated on first use: a thread that never reads through it (the thread
// server's many threads) pays nothing for it.
inline std::span<char> scratch_buffer() {
  constexpr std::size_t kSize = 16 * 1024;
  thread_local std::unique_ptr<char[]> buffer;
  if (!buffer) buffer = std::make_unique<char[]>(kSize);
  return {buffer.get(), kSize};
}
}  // namespace detail

template <class Stream>
class BufReader {
 public:
  explicit BufReader(Stream& stream, std::size_t max_line = 64 * 1024) : stream_(stream), lines_(max_line) {}

  class [[nodiscard]] NextLine {
   public:
    // A line without its "\n" (or "\r\n"); nullopt at the end of the stream;
    // errc::message_size for an over-long line, after which reading goes on.
    using Output = LineBuffer::Line;
    explicit NextLine(BufReader& reader) : reader_(reader) {}

    Poll<Output> poll(Context& cx) {
      BufReader& r = reader_;
      while (true) {
        if (auto line = r.lines_.take_line()) return std::move(*line);
        if (r.eof_) return r.lines_.take_last();
        auto scratch = detail::scratch_buffer();
        auto got = r.stream_.read(scratch).poll(cx);
        if (got.is_pending()) return pending;  // the stream's read registered cx's waker
        auto n = got.take();
        if (!n) return Output(n.error());
        if (*n == 0) r.eof_ = true;
        else r.lines_.append({scratch.data(), *n});
      }
    }

   private:
    BufReader& reader_;
  };

  NextLine next_line() { return NextLine(*this); }
  std::size_t buffered() const { return lines_.buffered(); }

 private:
  Stream& stream_;
  LineBuffer lines_;
  bool eof_ = false;
};

}  // namespace asyncplay::net
