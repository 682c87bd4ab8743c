#pragma once
// LineLog: a chat group's last `capacity` encoded lines, laid end to end in
// one buffer. Each line has a sequence number (as in a SeqRing: a member
// keeps only the number of the next line it is owed) and a stamp (the
// server-wide order of posts and replies).
//
// Why one buffer: in a fan-out every member's writer copies the same lines
// into its next write. With a string per line that was an append per line per
// member (a fifth of the server's time in a 1000-member fan-out); here the
// lines a member is owed are one run of memory, copied at once.
//
// A line never wraps around the buffer's end: one that does not fit before
// the end starts again at the front. When the lines held need more room, the
// buffer grows to a quarter more than they need, and they are laid out
// again from the front; when they need less than a quarter of it, it shrinks
// the same way, so a burst of long lines does not keep its memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "runtime/seq_ring.hpp"

namespace asyncplay::chat {

class LineLog {
 public:
  explicit LineLog(std::size_t capacity) : entries_(capacity) {}
  LineLog(const LineLog&) = delete;
  LineLog& operator=(const LineLog&) = delete;

  std::size_t capacity() const { return entries_.capacity(); }
  std::uint64_t next_seq() const { return entries_.next_seq(); }  // the number the next line gets
  // The number of the oldest line still held (== next_seq() when none is).
  std::uint64_t oldest_seq() const { return entries_.oldest_seq(); }

  // Keeps a copy of `line`, forgetting the oldest once `capacity` are held.
  // Each line's stamp is above the one before.
  void push(std::uint64_t stamp, std::string_view line);

  // oldest_seq() <= seq < next_seq().
  std::uint64_t stamp(std::uint64_t seq) const { return entries_.at(seq).stamp; }
  std::string_view line(std::uint64_t seq) const;

  // The bytes of line `from` and of the lines after it that follow it in
  // memory, are before `until` and stamped before `before`, taken one by one
  // while the run is shorter than `limit` bytes (so at least line `from`).
  // `through` gets the number of the first line not in the run.
  std::string_view run(std::uint64_t from, std::uint64_t until, std::uint64_t before, std::size_t limit,
                       std::uint64_t& through) const;

  // Forgets every line and gives the memory back; numbering goes on.
  void clear();

  // The buffer's size in bytes (what a group holds besides its entries).
  std::size_t buffer_size() const { return size_; }

 private:
  struct Entry {
    std::uint64_t stamp = 0;
    std::size_t offset = 0;  // in bytes_
    std::size_t length = 0;
  };
  // Where a line of `length` bytes can go without touching the lines from
  // `first` on; false when nowhere (or the buffer should shrink).
  bool find_room(std::uint64_t first, std::size_t length, std::size_t& at) const;
  // A new buffer for the lines from `first` on and `length` bytes more, with
  // those lines laid out from its front; write_ ends up after them.
  void lay_out_again(std::uint64_t first, std::size_t length);
  std::size_t bytes_from(std::uint64_t first) const;  // of the lines from `first` on
  bool too_big(std::size_t needed) const;

  SeqRing<Entry> entries_;
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t write_ = 0;  // just after the newest line
};

}  // namespace asyncplay::chat
