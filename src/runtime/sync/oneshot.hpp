#pragma once
// oneshot::channel<T>(): one value from a Sender to a Receiver. The Receiver is a
// future of std::optional<T>: the value, or nullopt once the Sender was dropped
// without sending. Both ends belong to one executor's thread.
#include <memory>
#include <optional>
#include <utility>

#include "runtime/detail/replace_end.hpp"
#include "runtime/future.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::oneshot {

namespace detail {
template <class T>
struct Shared {
  std::optional<T> value;
  Waker receiver;             // the Receiver's poller, while it waits
  bool sender_alive = true;
  bool receiver_alive = true;
};
}  // namespace detail

template <class T>
class Sender {
 public:
  explicit Sender(std::shared_ptr<detail::Shared<T>> shared) : shared_(std::move(shared)) {}
  Sender(Sender&&) noexcept = default;
  // The old end is dropped as if destroyed (counts kept, waiters woken).
  Sender& operator=(Sender&& other) noexcept {
    return asyncplay::detail::replace_end(*this, std::move(other));
  }
  ~Sender() { close(); }

  // Delivers `value`; false (and the value dropped) when the Receiver is gone.
  bool send(T value) {
    if (!shared_) return false;
    bool delivered = shared_->receiver_alive;
    if (delivered) shared_->value.emplace(std::move(value));
    close();
    return delivered;
  }
  bool is_closed() const { return !shared_ || !shared_->receiver_alive; }

 private:
  void close() {
    if (!shared_) return;
    shared_->sender_alive = false;
    Waker waker = std::move(shared_->receiver);
    shared_.reset();
    wake_because({WakeCause::Kind::task, "oneshot sender"}, [&] { waker.wake(); });
  }
  std::shared_ptr<detail::Shared<T>> shared_;  // null once sent or dropped
};

template <class T>
class [[nodiscard]] Receiver {
 public:
  using Output = std::optional<T>;
  explicit Receiver(std::shared_ptr<detail::Shared<T>> shared) : shared_(std::move(shared)) {}
  Receiver(Receiver&&) noexcept = default;
  // The old end is dropped as if destroyed (counts kept, waiters woken).
  Receiver& operator=(Receiver&& other) noexcept {
    return asyncplay::detail::replace_end(*this, std::move(other));
  }
  ~Receiver() {
    if (shared_) shared_->receiver_alive = false;
  }

  Poll<Output> poll(Context& cx) {
    if (shared_->value) return Output(std::move(shared_->value));
    if (!shared_->sender_alive) return Output();
    shared_->receiver.set(cx.waker());
    if (auto* trace = cx.trace()) trace->waits_for("oneshot recv");
    return pending;  // woken by Sender::send or the Sender's destructor
  }

 private:
  std::shared_ptr<detail::Shared<T>> shared_;
};

template <class T>
std::pair<Sender<T>, Receiver<T>> channel() {
  auto shared = std::make_shared<detail::Shared<T>>();
  return {Sender<T>(shared), Receiver<T>(shared)};
}

}  // namespace asyncplay::oneshot
