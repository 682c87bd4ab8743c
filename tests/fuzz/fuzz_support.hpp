#pragma once
// What the fuzz targets share: a check that aborts (so libFuzzer reports the
// input) and a way to cut the input into feeds the way a socket might.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace asyncplay::fuzz {

// A broken invariant is a bug: abort, and libFuzzer saves the input.
inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

// Splits `input` into pieces whose sizes follow from `seed`: 1 byte at a time,
// or a repeating pattern of small sizes, so that every header, line and UTF-8
// character can be cut anywhere.
inline std::vector<std::string_view> split(std::string_view input, std::uint8_t seed) {
  std::vector<std::string_view> pieces;
  std::uint32_t state = seed * 2654435761u + 1;
  while (!input.empty()) {
    std::size_t n = 1;
    if (seed != 0) {
      state = state * 1103515245u + 12345u;
      n = 1 + (state >> 16) % (seed & 0x3f ? (seed & 0x3f) : 64);
    }
    n = n < input.size() ? n : input.size();
    pieces.push_back(input.substr(0, n));
    input.remove_prefix(n);
  }
  return pieces;
}

}  // namespace asyncplay::fuzz
