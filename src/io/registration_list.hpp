#pragma once
// RegistrationList: registrations linked through their own prev/next, so
// keeping one costs no allocation. A registration is on one list at a time:
// its reactor's live list, or, once retired on io_uring, the retired list.
#include "io/registration.hpp"

namespace asyncplay::io {

class RegistrationList {
 public:
  Registration* front() const { return head_; }

  void push(Registration& reg) {
    reg.prev = nullptr;
    reg.next = head_;
    if (head_) head_->prev = &reg;
    head_ = &reg;
  }

  void remove(Registration& reg) {
    if (reg.prev) reg.prev->next = reg.next;
    else head_ = reg.next;
    if (reg.next) reg.next->prev = reg.prev;
    reg.prev = reg.next = nullptr;
  }

 private:
  Registration* head_ = nullptr;
};

}  // namespace asyncplay::io
