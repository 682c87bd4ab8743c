#pragma once
// Registration: what the reactor knows of one open descriptor. It keeps the last
// readiness seen in each direction and the waker of the future waiting for it.
// Readiness is edge-triggered: a direction is cleared only when a system call
// says EAGAIN, and set again by the next event, so no wake can be lost.
#include "runtime/waker.hpp"

namespace asyncplay::io {

enum class Direction { read, write };

struct Registration {
  int fd = -1;
  bool readable = true;  // until a read says EAGAIN, assume data may be there
  bool writable = true;
  bool read_closed = false;  // epoll said RDHUP/HUP/ERR: reads end without another edge
  Waker reader;          // the future waiting to read, if any
  Waker writer;          // the future waiting to write, if any

  bool& ready(Direction d) { return d == Direction::read ? readable : writable; }
  Waker& waiter(Direction d) { return d == Direction::read ? reader : writer; }
};

}  // namespace asyncplay::io
