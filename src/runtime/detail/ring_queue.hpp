#pragma once
// RingQueue<T>: a FIFO in one circular array that allocates nothing until the
// first push and gives large storage back once drained. Channels hold one per
// connection, most of them idle: std::deque would allocate ~600 bytes each
// before holding anything.
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace asyncplay::detail {

template <class T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  T& front() { return *slots_[head_]; }

  void push_back(T value) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) % slots_.size()].emplace(std::move(value));
    ++size_;
  }

  void pop_front() {
    slots_[head_].reset();
    head_ = (head_ + 1) % slots_.size();
    if (--size_ == 0) {
      head_ = 0;
      if (slots_.size() > kKeptWhenEmpty) std::vector<std::optional<T>>().swap(slots_);
    }
  }

  void clear() {
    std::vector<std::optional<T>>().swap(slots_);
    head_ = size_ = 0;
  }

 private:
  static constexpr std::size_t kKeptWhenEmpty = 64;  // small rings stay: no churn on busy queues

  void grow() {
    std::vector<std::optional<T>> bigger(slots_.empty() ? 4 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(slots_[(head_ + i) % slots_.size()]);
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<std::optional<T>> slots_;  // empty until the first push
  std::size_t head_ = 0;                 // index of the front element
  std::size_t size_ = 0;
};

}  // namespace asyncplay::detail
