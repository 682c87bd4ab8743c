// Sanitizer builds: every frame is its own allocation, so ASan catches misuse.
#include <new>

#include "runtime/detail/frame_pool.hpp"

namespace asyncplay::detail {

void* frame_alloc(std::size_t size) { return ::operator new(size); }
void frame_free(void* p, std::size_t) noexcept { ::operator delete(p); }

}  // namespace asyncplay::detail
