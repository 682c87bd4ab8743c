#pragma once
// SeqRing<T>: the last `capacity` items pushed, each numbered by a sequence
// number that only grows. What a broadcast channel and a chat group keep for
// readers that are behind: a reader holds only the number of the next item it
// wants, and learns it lagged when that number fell below oldest_seq().
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace asyncplay {

template <class T>
class SeqRing {
 public:
  explicit SeqRing(std::size_t capacity) : capacity_(capacity) { assert(capacity > 0); }

  std::size_t capacity() const { return capacity_; }
  std::uint64_t next_seq() const { return next_seq_; }  // the number the next push gets
  // The number of the oldest item still held (== next_seq() when none is).
  std::uint64_t oldest_seq() const {
    std::uint64_t by_capacity = next_seq_ > capacity_ ? next_seq_ - capacity_ : 0;
    return by_capacity > base_seq_ ? by_capacity : base_seq_;
  }

  // Keeps `value`, overwriting the oldest item once `capacity` are held.
  void push(T value) {
    if (ring_.size() < capacity_) {
      if (ring_.size() == ring_.capacity()) ring_.reserve(grown());
      ring_.push_back(std::move(value));
    } else {
      slot(next_seq_) = std::move(value);
    }
    ++next_seq_;
  }

  // oldest_seq() <= seq < next_seq().
  const T& at(std::uint64_t seq) const {
    assert(seq >= oldest_seq() && seq < next_seq_);
    return ring_[(seq - base_seq_) % capacity_];
  }
  T& at(std::uint64_t seq) {
    assert(seq >= oldest_seq() && seq < next_seq_);
    return slot(seq);
  }

  // Forgets every item and gives the memory back; numbering goes on.
  void clear() {
    std::vector<T>().swap(ring_);
    base_seq_ = next_seq_;
  }

 private:
  T& slot(std::uint64_t seq) { return ring_[(seq - base_seq_) % capacity_]; }
  // Doubling from 64, never past capacity: a quiet ring stays small.
  std::size_t grown() const {
    std::size_t want = ring_.capacity() < 32 ? 64 : ring_.capacity() * 2;
    return want < capacity_ ? want : capacity_;
  }

  std::vector<T> ring_;        // grows to capacity_; item n lives at (n - base_seq_) % capacity_
  std::size_t capacity_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t base_seq_ = 0;  // the item in ring_[0] when the ring last started empty
};

}  // namespace asyncplay
