#pragma once
// broadcast::channel<T>(capacity): every Receiver sees every message, from a
// ring of the last `capacity` messages (tokio's semantics; a SeqRing). Sending
// never waits: the oldest message is overwritten. A Receiver that fell more
// than `capacity` behind gets Lagged{n} once, then resumes at the oldest
// message still held. Closed comes once every Sender is gone and the
// Receiver has read all it can. All ends belong to one executor's thread.
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <variant>

#include "runtime/detail/replace_end.hpp"
#include "runtime/detail/waiter_list.hpp"
#include "runtime/future.hpp"
#include "runtime/seq_ring.hpp"
#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::broadcast {

struct Lagged {
  std::uint64_t skipped;  // messages this receiver will never see
};
struct Closed {};

template <class T>
using RecvResult = std::variant<T, Lagged, Closed>;

namespace detail {
template <class T>
struct Shared {
  explicit Shared(std::size_t capacity) : ring(capacity) {}
  SeqRing<T> ring;
  std::size_t senders = 1;
  std::size_t receivers = 0;
  asyncplay::detail::WaiterList waiting;  // recv() futures with nothing to read
};
}  // namespace detail

template <class T>
class Receiver;

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
    if (shared_ && --shared_->senders == 0) shared_->waiting.wake_all();  // they see Closed
  }

  // Sends to every current Receiver; returns how many there are (0: nobody got it).
  std::size_t send(T value) {
    auto& s = *shared_;
    if (s.receivers == 0) return 0;
    s.ring.push(std::move(value));
    wake_because({WakeCause::Kind::task, "broadcast send"}, [&] { s.waiting.wake_all(); });
    return s.receivers;
  }

  Receiver<T> subscribe() const { return Receiver<T>(shared_); }
  std::size_t receiver_count() const { return shared_->receivers; }

 private:
  std::shared_ptr<detail::Shared<T>> shared_;  // null after a move
};

template <class T>
class Receiver {
 public:
  explicit Receiver(std::shared_ptr<detail::Shared<T>> shared)
      : shared_(std::move(shared)), next_(shared_->ring.next_seq()) {
    ++shared_->receivers;
  }
  Receiver(Receiver&& other) noexcept : shared_(std::move(other.shared_)), next_(other.next_) {}
  Receiver& operator=(Receiver&&) = delete;
  ~Receiver() {
    if (!shared_ || --shared_->receivers > 0) return;
    // Nobody is left to read what is held: give the memory back now.
    shared_->ring.clear();
  }

  // Without waiting: a message, Lagged, Closed, or nullopt when nothing is new.
  std::optional<RecvResult<T>> try_recv() {
    auto& s = *shared_;
    std::uint64_t oldest = s.ring.oldest_seq();
    if (next_ < oldest) {
      std::uint64_t skipped = oldest - next_;
      next_ = oldest;
      return RecvResult<T>(Lagged{skipped});
    }
    if (next_ < s.ring.next_seq()) {
      const T& value = s.ring.at(next_);
      ++next_;
      return RecvResult<T>(std::in_place_index<0>, value);
    }
    if (s.senders == 0) return RecvResult<T>(Closed{});
    return std::nullopt;
  }

  class [[nodiscard]] RecvFuture {
   public:
    using Output = RecvResult<T>;
    explicit RecvFuture(Receiver& receiver) : receiver_(receiver) {}
    RecvFuture(RecvFuture&& other) noexcept : receiver_(other.receiver_) {
      assert(!other.waiter_.linked && "a recv future must not move once polled");
    }
    ~RecvFuture() { receiver_.shared_->waiting.remove(&waiter_); }

    Poll<Output> poll(Context& cx) {
      if (auto result = receiver_.try_recv()) {
        receiver_.shared_->waiting.remove(&waiter_);
        return std::move(*result);
      }
      waiter_.waker.set(cx.waker());
      if (!waiter_.linked) receiver_.shared_->waiting.push_back(&waiter_);
      if (auto* trace = cx.trace()) trace->waits_for("broadcast recv");
      return pending;  // woken by the next send, or when the last Sender drops
    }

   private:
    Receiver& receiver_;
    asyncplay::detail::Waiter waiter_;  // in `waiting` while there is nothing to read
  };

  RecvFuture recv() { return RecvFuture(*this); }

 private:
  std::shared_ptr<detail::Shared<T>> shared_;
  std::uint64_t next_;  // sequence number of the next message to read
};

template <class T>
std::pair<Sender<T>, Receiver<T>> channel(std::size_t capacity) {
  assert(capacity > 0);
  auto shared = std::make_shared<detail::Shared<T>>(capacity);
  Receiver<T> receiver(shared);
  return {Sender<T>(std::move(shared)), std::move(receiver)};
}

}  // namespace asyncplay::broadcast
