#pragma once
// The XOR masking of RFC 6455 section 5.3. Every byte a browser sends through
// the relay passes here, so it works 8 bytes at a time.
#include <array>
#include <cstddef>
#include <cstdint>

namespace asyncplay::ws {

using Mask = std::array<std::uint8_t, 4>;

// XORs data[0, size) with the mask, where data[0] is byte `offset` of the
// payload (a payload that arrives in pieces continues where it left off).
// Masking and unmasking are the same operation.
void apply_mask(char* data, std::size_t size, Mask mask, std::size_t offset = 0);

}  // namespace asyncplay::ws
