#pragma once
// Memory for coroutine frames and task cells. Spawning a task is the runtime's
// hottest allocation; a per-thread free list per 16-byte size class makes it a
// pointer pop and removes malloc's per-block header. Two back ends, picked by
// CMake: frame_pool.cpp (pooled) and frame_pool_malloc.cpp (plain new/delete, for
// sanitizer builds, so ASan still sees every use-after-free).
#include <cstddef>

namespace asyncplay::detail {

void* frame_alloc(std::size_t size);
void frame_free(void* p, std::size_t size) noexcept;

}  // namespace asyncplay::detail
