#pragma once
// SendOperation: one send handed to the kernel as a request (io_uring), from
// the poll that asked for it to the completion that says how many bytes the
// kernel took. The reactor owns it; the future that started it only points at
// it, so that future may move, and, if it is dropped first, the reactor sees
// to it that the kernel no longer reads the future's bytes before the drop
// returns (cancellation is destruction, and nothing touches freed memory).
#include "runtime/waker.hpp"

namespace asyncplay::io {

class Reactor;

struct SendOperation {
  Reactor* owner = nullptr;
  int fd = -1;
  Waker waker;      // the future waiting for the completion
  int result = 0;   // the kernel's answer: bytes taken, or -errno
  bool done = false;
  SendOperation* next_free = nullptr;  // in the owner's pool while unused
};

}  // namespace asyncplay::io
