#include "ws/mask.hpp"

#include <cstring>

namespace asyncplay::ws {

void apply_mask(char* data, std::size_t size, Mask mask, std::size_t offset) {
  // The mask repeated to 8 bytes, rotated so that pattern[i % 8] is the mask
  // byte for data[i] (8 is a multiple of 4, so the pattern stays in step).
  unsigned char pattern[8];
  for (std::size_t i = 0; i < 8; ++i) pattern[i] = mask[(offset + i) & 3];
  std::uint64_t word_mask;
  std::memcpy(&word_mask, pattern, 8);
  std::size_t i = 0;
  // memcpy in and out: unaligned-safe, and compiles to plain 8-byte loads and stores.
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    word ^= word_mask;
    std::memcpy(data + i, &word, 8);
  }
  for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ pattern[i & 7]);
}

}  // namespace asyncplay::ws
