#include "runtime/detail/frame_pool.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

namespace asyncplay::detail {
namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kClasses = 64;  // pooled sizes: 16 .. 1024 bytes
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
