// The io_uring reactor's receive buffers (see receive_buffers.hpp).
#include "io/receive_buffers.hpp"

#include <liburing.h>
#include <sys/mman.h>

#include <cerrno>

namespace asyncplay::io {
namespace {

constexpr std::size_t kRingBytes = ReceiveBuffers::kCount * sizeof(io_uring_buf);
constexpr std::size_t kMemoryBytes = ReceiveBuffers::kCount * ReceiveBuffers::kSize;
constexpr int kMask = ReceiveBuffers::kCount - 1;

void* map(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

}  // namespace

Result<std::unique_ptr<ReceiveBuffers>> ReceiveBuffers::create(io_uring& ring) {
  std::unique_ptr<ReceiveBuffers> buffers(new ReceiveBuffers());
  buffers->ring_ = static_cast<io_uring_buf_ring*>(map(kRingBytes));  // page-aligned, as the kernel needs
  if (!buffers->ring_) return errno_error(errno, "mmap receive ring");
  buffers->memory_ = static_cast<char*>(map(kMemoryBytes));
  if (!buffers->memory_) return errno_error(errno, "mmap receive buffers");
  io_uring_buf_ring_init(buffers->ring_);
  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<std::uint64_t>(buffers->ring_);
  reg.ring_entries = kCount;
  reg.bgid = kGroup;
  if (int rc = io_uring_register_buf_ring(&ring, &reg, 0); rc < 0) {
    return errno_error(-rc, "io_uring_register_buf_ring");
  }
  for (unsigned id = 0; id < kCount; ++id) {
    io_uring_buf_ring_add(buffers->ring_, buffers->memory_ + std::size_t{id} * kSize, kSize,
                          static_cast<unsigned short>(id), kMask, static_cast<int>(id));
  }
  io_uring_buf_ring_advance(buffers->ring_, kCount);
  return buffers;
}

ReceiveBuffers::~ReceiveBuffers() {
  if (memory_) munmap(memory_, kMemoryBytes);
  if (ring_) munmap(ring_, kRingBytes);
}

void ReceiveBuffers::give_back(std::uint16_t id) {
  io_uring_buf_ring_add(ring_, memory_ + std::size_t{id} * kSize, kSize, id, kMask, 0);
  io_uring_buf_ring_advance(ring_, 1);
  --held_;
}

}  // namespace asyncplay::io
