#include "runtime/detail/frame_pool.hpp"

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace asyncplay::detail {
namespace {

// Sizes are pooled in steps of 8 bytes. A size that is a multiple of 16 gets a
// 16-byte aligned block (it may hold a 16-byte aligned member); any other size
// belongs to a type whose alignment is at most 8, since a type's size is a
// multiple of its alignment. A parked task's frame is 72 bytes: steps of 16
// would give it 80.
constexpr std::size_t kGranule = 8;
constexpr std::size_t kClasses = 128;  // pooled sizes: 8 .. 1024 bytes
constexpr std::size_t kChunkBytes = 64 * 1024;

struct FreeBlock {
  FreeBlock* next;
};

// Chunks are never returned: a pool that is done growing costs nothing more.
// They stay listed here so leak checkers see them as reachable.
std::vector<void*>& all_chunks() {
  static std::vector<void*> chunks;
  return chunks;
}
std::mutex chunks_mutex;

struct ThreadPool {
  FreeBlock* free[kClasses] = {};
  char* bump = nullptr;  // carving point in the newest chunk
  char* bump_end = nullptr;

  void* carve(std::size_t bytes) {
    if (bytes % 16 == 0 && reinterpret_cast<std::uintptr_t>(bump) % 16 != 0) bump += 8;  // chunks are 16-aligned
    if (static_cast<std::size_t>(bump_end - bump) < bytes) {
      void* chunk = std::malloc(kChunkBytes);
      if (!chunk) throw std::bad_alloc();
      {
        std::lock_guard lock(chunks_mutex);
        all_chunks().push_back(chunk);
      }
      bump = static_cast<char*>(chunk);
      bump_end = bump + kChunkBytes;
    }
    void* p = bump;
    bump += bytes;
    return p;
  }
};

thread_local ThreadPool pool;

std::size_t class_of(std::size_t size) { return (size + kGranule - 1) / kGranule - 1; }

}  // namespace

void* frame_alloc(std::size_t size) {
  std::size_t c = class_of(size);
  if (c >= kClasses) return ::operator new(size);
  if (FreeBlock* block = pool.free[c]) {
    pool.free[c] = block->next;
    return block;
  }
  return pool.carve((c + 1) * kGranule);
}

void frame_free(void* p, std::size_t size) noexcept {
  std::size_t c = class_of(size);
  if (c >= kClasses) return ::operator delete(p);
  auto* block = static_cast<FreeBlock*>(p);
  block->next = pool.free[c];
  pool.free[c] = block;
}

}  // namespace asyncplay::detail
