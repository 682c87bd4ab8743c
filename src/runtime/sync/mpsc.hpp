#pragma once
// mpsc::channel<T>(capacity): a bounded queue from many Senders to one Receiver.
//   co_await tx.send(v)  -> bool: waits while the queue is full; false if the
//                           Receiver is gone (the value is dropped).
//   co_await rx.recv()   -> std::optional<T>: the next value, or nullopt once every
//                           Sender is gone and the queue is empty.
// Waiting senders are served first come, first served. All ends belong to one
// executor's thread.
#include <cassert>
#include <cstddef>
#include <memory>
#include <optional>

#include "runtime/detail/ring_queue.hpp"
#include "runtime/detail/replace_end.hpp"
#include "runtime/detail/waiter_list.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::mpsc {

namespace detail {
template <class T>
struct Shared {
  explicit Shared(std::size_t cap) : capacity(cap) {}
  asyncplay::detail::RingQueue<T> queue;  // allocates nothing while idle
  std::size_t capacity;
  std::size_t senders = 1;
  bool receiver_alive = true;
  asyncplay::detail::Waiter* receiver = nullptr;  // the recv() future waiting, if any
  asyncplay::detail::WaiterList send_waiters;     // send() futures waiting for room

  void wake_receiver() {
    if (receiver) wake_because({WakeCause::Kind::task, "mpsc sender"}, [&] { receiver->waker.wake_by_ref(); });
  }
  void wake_a_sender() {
    wake_because({WakeCause::Kind::task, "mpsc recv: a slot freed"}, [&] { send_waiters.wake_one(); });
  }
};
}  // namespace detail

enum class TrySend { sent, full, closed };

template <class T>
class Sender {
 public:
  explicit Sender(std::shared_ptr<detail::Shared<T>> shared) : shared_(std::move(shared)) {}
  Sender(const Sender& other) : shared_(other.shared_) { ++shared_->senders; }
  Sender(Sender&&) noexcept = default;
  Sender& operator=(const Sender&) = delete;
  // The old end is dropped as if destroyed (counts kept, waiters woken).
  Sender& operator=(Sender&& other) noexcept {
    return asyncplay::detail::replace_end(*this, std::move(other));
  }
  ~Sender() {
    if (shared_ && --shared_->senders == 0) shared_->wake_receiver();
  }

  TrySend try_send(T& value) {
    if (!shared_->receiver_alive) return TrySend::closed;
    if (shared_->queue.size() >= shared_->capacity || !shared_->send_waiters.empty()) {
      return TrySend::full;
    }
    shared_->queue.push_back(std::move(value));
    shared_->wake_receiver();
    return TrySend::sent;
  }

  class [[nodiscard]] SendFuture {
   public:
    using Output = bool;
    SendFuture(Sender& sender, T value) : sender_(sender), value_(std::move(value)) {}
    SendFuture(SendFuture&& other) noexcept : sender_(other.sender_), value_(std::move(other.value_)) {
      assert(!other.waiter_.linked && "a send future must not move once polled");
    }
    ~SendFuture() {
      auto& shared = *sender_.shared_;
      shared.send_waiters.remove(&waiter_);
      // Woken for room it will now never use: pass the turn on.
      if (waiter_.woken && shared.queue.size() < shared.capacity) shared.send_waiters.wake_one();
    }

    Poll<bool> poll(Context& cx) {
      auto& shared = *sender_.shared_;
      if (waiter_.linked) {
        waiter_.waker.set(cx.waker());
        if (auto* trace = cx.trace()) trace->waits_for("mpsc send: room in the channel");
        return pending;  // still queued behind other senders; woken by recv()
      }
      bool my_turn = waiter_.woken || shared.send_waiters.empty();  // no jumping the line
      waiter_.woken = false;
      if (!shared.receiver_alive) return false;
      if (my_turn && shared.queue.size() < shared.capacity) {
        shared.queue.push_back(std::move(value_));
        shared.wake_receiver();
        return true;
      }
      waiter_.waker = cx.waker();
      shared.send_waiters.push_back(&waiter_);
      if (auto* trace = cx.trace()) trace->waits_for("mpsc send: room in the channel");
      return pending;  // woken by recv() when a slot frees, or when the Receiver drops
    }

   private:
    Sender& sender_;
    T value_;
    asyncplay::detail::Waiter waiter_;  // linked into send_waiters while the queue is full
  };

  SendFuture send(T value) { return SendFuture(*this, std::move(value)); }
  bool is_closed() const { return !shared_->receiver_alive; }

 private:
  std::shared_ptr<detail::Shared<T>> shared_;  // null after a move
};

template <class T>
class Receiver {
 public:
  explicit Receiver(std::shared_ptr<detail::Shared<T>> shared) : shared_(std::move(shared)) {}
  Receiver(Receiver&&) noexcept = default;
  // The old end is dropped as if destroyed (counts kept, waiters woken).
  Receiver& operator=(Receiver&& other) noexcept {
    return asyncplay::detail::replace_end(*this, std::move(other));
  }
  ~Receiver() {
    if (!shared_) return;
    shared_->receiver_alive = false;
    shared_->queue.clear();
    shared_->send_waiters.wake_all();  // they see the channel closed
  }

  class [[nodiscard]] RecvFuture {
   public:
    using Output = std::optional<T>;
    explicit RecvFuture(Receiver& receiver) : receiver_(receiver) {}
    ~RecvFuture() {
      if (receiver_.shared_->receiver == &waiter_) receiver_.shared_->receiver = nullptr;
    }

    Poll<Output> poll(Context& cx) {
      auto& shared = *receiver_.shared_;
      if (!shared.queue.empty()) {
        Output value(std::move(shared.queue.front()));
        shared.queue.pop_front();
        shared.receiver = nullptr;
        shared.wake_a_sender();  // a slot is free
        return value;
      }
      if (shared.senders == 0) return Output();
      waiter_.waker.set(cx.waker());
      shared.receiver = &waiter_;
      if (auto* trace = cx.trace()) trace->waits_for("mpsc recv");
      return pending;  // woken by a send, or when the last Sender drops
    }

   private:
    Receiver& receiver_;
    asyncplay::detail::Waiter waiter_;  // only its waker is used
  };

  RecvFuture recv() { return RecvFuture(*this); }
  // The next value without waiting; nullopt when the queue is empty.
  std::optional<T> try_recv() {
    auto& shared = *shared_;
    if (shared.queue.empty()) return std::nullopt;
    std::optional<T> value(std::move(shared.queue.front()));
    shared.queue.pop_front();
    shared.wake_a_sender();  // a slot is free
    return value;
  }
  std::size_t size() const { return shared_->queue.size(); }

 private:
  std::shared_ptr<detail::Shared<T>> shared_;
};

template <class T>
std::pair<Sender<T>, Receiver<T>> channel(std::size_t capacity) {
  assert(capacity > 0);
  auto shared = std::make_shared<detail::Shared<T>>(capacity);
  return {Sender<T>(shared), Receiver<T>(shared)};
}

}  // namespace asyncplay::mpsc
