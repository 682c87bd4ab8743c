#include "chat/line_log.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace asyncplay::chat {

namespace {

constexpr std::size_t kSmallest = 4096;  // a quiet group's buffer

}  // namespace

// Over four times what `needed` bytes ask for. A new buffer is at most one
// and a quarter times (lay_out_again), so a shrink is never followed by
// another at once.
bool LineLog::too_big(std::size_t needed) const { return size_ > kSmallest && needed * 4 < size_; }

void LineLog::push(std::uint64_t stamp, std::string_view line) {
  assert((next_seq() == oldest_seq() || stamp > this->stamp(next_seq() - 1)) && "stamps grow");
  // At capacity the oldest line goes with this push: its bytes are free.
  std::uint64_t first = oldest_seq();
  if (next_seq() - first == capacity()) ++first;
  std::size_t at = 0;
  if (!find_room(first, line.size(), at)) {
    lay_out_again(first, line.size());
    at = write_;
  }
  if (!line.empty()) std::memcpy(bytes_.get() + at, line.data(), line.size());
  write_ = at + line.size();
  entries_.push(Entry{stamp, at, line.size()});
}

bool LineLog::find_room(std::uint64_t first, std::size_t length, std::size_t& at) const {
  if (first == next_seq()) {  // nothing held
    at = 0;
    return length <= size_ && !too_big(length);
  }
  std::size_t oldest = entries_.at(first).offset;
  if (oldest < write_) {  // the lines lie in [oldest, write_)
    if (write_ + length <= size_) {
      at = write_;
      return true;
    }
    // Back to the front, over lines already forgotten. Once per buffer's
    // worth of bytes: the moment to see whether it is far too big.
    at = 0;
    return length <= oldest && !too_big(bytes_from(first) + length);
  }
  // Wrapped: the lines lie in [oldest, end) and [0, write_).
  at = write_;
  return write_ + length <= oldest;
}

std::size_t LineLog::bytes_from(std::uint64_t first) const {
  std::size_t total = 0;
  for (std::uint64_t seq = first; seq < next_seq(); ++seq) total += entries_.at(seq).length;
  return total;
}

void LineLog::lay_out_again(std::uint64_t first, std::size_t length) {
  std::size_t needed = bytes_from(first) + length;
  // A quarter more than is needed, in whole pages: room to go round without
  // laying out again while the lines held keep their size (a new line needs
  // only what the oldest leaves), and a group of 1000 lines of 1 KiB holds
  // 1.3 MB, about what a string per line took; doubling to a power of two
  // made it 4 MB.
  std::size_t size = std::max(kSmallest, (needed + needed / 4 + kSmallest - 1) / kSmallest * kSmallest);
  auto bytes = std::make_unique<char[]>(size);
  std::size_t at = 0;
  for (std::uint64_t seq = first; seq < next_seq(); ++seq) {
    Entry& entry = entries_.at(seq);
    if (entry.length) std::memcpy(bytes.get() + at, bytes_.get() + entry.offset, entry.length);
    entry.offset = at;
    at += entry.length;
  }
  bytes_ = std::move(bytes);
  size_ = size;
  write_ = at;
}

std::string_view LineLog::line(std::uint64_t seq) const {
  const Entry& entry = entries_.at(seq);
  return {bytes_.get() + entry.offset, entry.length};
}

std::string_view LineLog::run(std::uint64_t from, std::uint64_t until, std::uint64_t before, std::size_t limit,
                              std::uint64_t& through) const {
  assert(from < until && until <= next_seq());
  const Entry& head = entries_.at(from);
  // Whether the run stops before line `seq`. False up to some line and true
  // from there on: stamps grow with the numbers; a line laid out after the
  // run wrapped to the front is below `head`, as are all after it; and
  // offsets grow within the run. So the end is found by halving, in ten
  // looks for a ring of 1000 rather than a look per line.
  auto stops_before = [&](std::uint64_t seq) {
    const Entry& entry = entries_.at(seq);
    return entry.stamp >= before || entry.offset < head.offset || entry.offset - head.offset >= limit;
  };
  std::uint64_t low = from + 1, high = until;  // the first line not in the run is in [low, high]
  while (low < high) {
    std::uint64_t middle = low + (high - low) / 2;
    if (stops_before(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  through = low;
  const Entry& last = entries_.at(low - 1);
  return {bytes_.get() + head.offset, last.offset + last.length - head.offset};
}

void LineLog::clear() {
  entries_.clear();
  bytes_.reset();
  size_ = 0;
  write_ = 0;
}

}  // namespace asyncplay::chat
