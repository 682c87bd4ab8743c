#pragma once
// What the io_uring reactor's requests carry (reactor_uring.cpp and
// reactor_uring_receive.cpp): the user_data that names what a completion is
// for, and the readiness a registration's poll asks for.
#include <poll.h>

#include <cstdint>

#include "io/receive_buffers.hpp"

namespace asyncplay::io::uring {

// A request's user_data: an address (aligned to 8) with what it is in the
// low three bits, or one of two values no address can have.
constexpr std::uint64_t kTag = 7;
constexpr std::uint64_t kPoll = 0;     // a registration's poll
constexpr std::uint64_t kSend = 1;     // a SendOperation's send
constexpr std::uint64_t kReceive = 2;  // a registration's receive (or its one-shot POLLIN)
constexpr std::uint64_t kWakeup = 3;   // the eventfd's poll
constexpr std::uint64_t kIgnore = 4;   // cancels and poll updates: only their count matters

static_assert(ReceiveBuffers::kSize <= 0xffff, "Received::taken counts a buffer's bytes in 16 bits");

inline std::uint64_t tagged(const void* address, std::uint64_t tag) {
  return reinterpret_cast<std::uint64_t>(address) | tag;
}

// What a registration's poll asks for. Multishot polls are edge-triggered
// unless IORING_POLL_ADD_LEVEL is given, as epoll's EPOLLET.
constexpr unsigned kReadiness = POLLIN | POLLOUT | POLLRDHUP;
// A registration whose reads are receives: its bytes come in their completions.
constexpr unsigned kReadinessWithoutReads = POLLOUT | POLLRDHUP;

}  // namespace asyncplay::io::uring
