#pragma once
// ReceiveBuffers: the io_uring reactor's ring of buffers for receives. The
// kernel takes one when a receive's bytes arrive, not when the receive is
// asked for, so a connection waiting to read holds none; the reader copies
// the bytes out and the buffer goes back into the ring. Fixed: kCount buffers
// of kSize bytes per reactor (128 KiB, mapped, its pages touched as used).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "runtime/result.hpp"

struct io_uring;
struct io_uring_buf_ring;

namespace asyncplay::io {

class ReceiveBuffers {
 public:
  static constexpr unsigned kCount = 128;  // a power of two, as the ring needs
  static constexpr std::size_t kSize = 1024;
  static constexpr std::uint16_t kGroup = 0;  // the buffer group receives name

  // Maps the buffers and registers the ring with `ring` (Linux 5.19); the
  // error says why not. Freed after the ring itself is gone.
  static Result<std::unique_ptr<ReceiveBuffers>> create(io_uring& ring);
  ~ReceiveBuffers();
  ReceiveBuffers(const ReceiveBuffers&) = delete;
  ReceiveBuffers& operator=(const ReceiveBuffers&) = delete;

  std::span<const char> bytes(std::uint16_t id, std::size_t from, std::size_t to) const {
    return {memory_ + std::size_t{id} * kSize + from, to - from};
  }
  // A completion says the kernel filled one; give_back(id) once the reader
  // is done with it, and the kernel may fill it again.
  void filled() { ++held_; }
  void give_back(std::uint16_t id);
  // Filled and not yet given back: what sources hold for their readers.
  std::size_t held() const { return held_; }

 private:
  ReceiveBuffers() = default;
  io_uring_buf_ring* ring_ = nullptr;  // kCount entries, shared with the kernel
  char* memory_ = nullptr;             // kCount * kSize bytes
  std::size_t held_ = 0;
};

}  // namespace asyncplay::io
