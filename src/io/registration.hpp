#pragma once
// Registration: what the reactor knows of one open descriptor. It keeps the last
// readiness seen in each direction and the waker of the future waiting for it.
// Readiness is edge-triggered: a direction is cleared only when a system call
// says EAGAIN, and set again by the next event, so no wake can be lost.
#include <cstdint>

#include "runtime/waker.hpp"

namespace asyncplay::io {

class Reactor;

enum class Direction { read, write };

// A receive the kernel completes (io_uring, Source::poll_receive): the
// request, and then what it brought until readers have taken all of it.
struct Received {
  enum class State : std::uint8_t { none, in_kernel, done };
  std::uint16_t buffer = 0;   // the reactor's buffer holding the bytes, if has_buffer
  std::uint16_t taken = 0;    // how many of the bytes readers have taken
  State state = State::none;
  bool has_buffer = false;
  bool more = false;          // the kernel said the socket held more after these bytes
  std::int32_t result = 0;    // bytes; 0 at end of stream; -errno; or, without a buffer, the readiness seen
};

struct Registration {
  int fd = -1;
  bool readable = true;  // until a read says EAGAIN, assume data may be there
  bool writable = true;
  bool read_closed = false;  // the driver saw RDHUP/HUP/ERR: reads end without another edge
  bool retired = false;      // closed by its Source; the reactor frees it once the kernel lets go
  bool in_kernel = false;    // io_uring: its poll is armed, and its completions name this address
  bool receives = false;     // io_uring: reads are receive requests, so its poll leaves POLLIN out
  Received received;
  Waker reader;          // the future waiting to read, if any
  Waker writer;          // the future waiting to write, if any
  // The reactor watching it (null once that reactor is gone), and its place in
  // that reactor's list of registrations, so neither can outlive the other.
  Reactor* reactor = nullptr;
  Registration* prev = nullptr;
  Registration* next = nullptr;

  bool& ready(Direction d) { return d == Direction::read ? readable : writable; }
  Waker& waiter(Direction d) { return d == Direction::read ? reader : writer; }
};

}  // namespace asyncplay::io
