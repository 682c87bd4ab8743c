#pragma once
// Registration: what the reactor knows of one open descriptor. It keeps the last
// readiness seen in each direction and the waker of the future waiting for it.
// Readiness is edge-triggered: a direction is cleared only when a system call
// says EAGAIN, and set again by the next event, so no wake can be lost.
#include "runtime/waker.hpp"

namespace asyncplay::io {

class Reactor;

enum class Direction { read, write };

struct Registration {
  int fd = -1;
  bool readable = true;  // until a read says EAGAIN, assume data may be there
  bool writable = true;
  bool read_closed = false;  // the driver saw RDHUP/HUP/ERR: reads end without another edge
  bool retired = false;      // closed by its Source; the reactor frees it once the kernel lets go
  bool in_kernel = false;    // io_uring: its poll is armed, and its completions name this address
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
