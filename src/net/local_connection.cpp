#include "net/local_connection.hpp"

#include <algorithm>
#include <unordered_map>

#include "runtime/trace/poll_trace.hpp"
#include "runtime/trace/wake_cause.hpp"

namespace asyncplay::net::local {
namespace {

Link* the_link = nullptr;
int last_id = 0;
std::unordered_map<int, Connection*>& connections() {
  static std::unordered_map<int, Connection*> table;
  return table;
}

}  // namespace

void set_link(Link* link) { the_link = link; }
Link* link() { return the_link; }

Connection::Connection(std::string name, Side side)
    : id_(++last_id),
      name_(std::move(name)),
      phase_(side == Side::accepted ? Phase::open : Phase::connecting) {
  connections().emplace(id_, this);
}

Connection::~Connection() {
  if (!close_sent_ && phase_ != Phase::closed) send(Kind::close);
  connections().erase(id_);
}

Connection* Connection::find(int id) {
  auto it = connections().find(id);
  return it == connections().end() ? nullptr : it->second;
}

void Connection::send(Kind kind, std::string_view bytes, std::uint32_t amount) {
  if (kind == Kind::close) close_sent_ = true;
  if (the_link) the_link->send(id_, kind, bytes, amount);
}

void Connection::wake_all(const char* what, std::int64_t amount) {
  CauseScope cause({WakeCause::Kind::local, what, id_, amount});
  for (Waker* w : {&reader_, &writer_, &opener_}) {
    Waker taken = std::move(*w);
    taken.wake();
  }
}

bool Connection::end_for_bad_message(const std::string& why) {
  if (phase_ == Phase::closed) return false;
  std::string rule = why.substr(0, 160);  // the reason fits a close (kMaxReason)
  abort_reason_ = "the other end broke the in-browser protocol (" + rule + ")";
  if (!close_sent_) send(Kind::close, "you broke the in-browser protocol (" + rule + ")");
  phase_ = Phase::closed;
  wake_all("close", -1);
  return false;
}

bool Connection::receive(Kind kind, std::string_view bytes, std::uint32_t amount) {
  if (phase_ == Phase::closed) return true;  // after our close: the other end had not seen it yet
  if (phase_ == Phase::connecting) {
    if (kind == Kind::accepted) {
      phase_ = Phase::open;
    } else if (kind == Kind::close) {
      phase_ = Phase::closed;
      close_sent_ = true;
      abort_reason_ =
          bytes.empty() ? "closed before it was accepted" : std::string(bytes.substr(0, kMaxReason));
    } else if (kind == Kind::refused) {
      phase_ = Phase::closed;
      refused_ = true;
      close_sent_ = true;  // nothing to close: there is no other end
    } else {
      return end_for_bad_message("a message before the connection was accepted");
    }
    wake_all(kind == Kind::accepted ? "accepted" : kind == Kind::refused ? "refused" : "close", -1);
    return true;
  }
  switch (kind) {
    case Kind::data: {
      if (peer_eof_) return end_for_bad_message("bytes after eof");
      if (bytes.empty() || bytes.size() > kMaxMessage)
        return end_for_bad_message("a data message of " + std::to_string(bytes.size()) + " bytes");
      if (bytes.size() > may_receive_) return end_for_bad_message("more bytes than its window");
      if (read_shut_) {  // thrown away, and credited at once: the sender is not held
        send(Kind::credit, {}, static_cast<std::uint32_t>(bytes.size()));
        return true;
      }
      may_receive_ -= bytes.size();
      incoming_.emplace_back(bytes);
      queued_ += bytes.size();
      wake_all("data", static_cast<std::int64_t>(bytes.size()));
      return true;
    }
    case Kind::eof:
      if (peer_eof_) return end_for_bad_message("a second eof");
      peer_eof_ = true;
      wake_all("eof", -1);
      return true;
    case Kind::close:
      phase_ = Phase::closed;
      peer_eof_ = true;
      close_sent_ = true;  // it is gone: nothing to tell it
      if (!bytes.empty()) abort_reason_ = std::string(bytes.substr(0, kMaxReason));
      wake_all("close", -1);
      return true;
    case Kind::credit:
      if (amount == 0 || amount > kWindow - may_send_)
        return end_for_bad_message("credit for bytes it was not sent");
      may_send_ += amount;
      wake_all("credit", amount);
      return true;
    case Kind::accepted:
    case Kind::refused:
      return end_for_bad_message("a second answer to connect");
  }
  return end_for_bad_message("an unknown message");
}

Error Connection::failure(const std::string& what) const {
  if (!abort_reason_.empty())
    return Error::sentence(std::errc::connection_reset, what + " " + name_ + ": " + abort_reason_);
  return Error::sentence(std::errc::broken_pipe,
                         what + " " + name_ + ": the other end closed the connection");
}

Poll<Result<void>> Connection::poll_open(Context& cx) {
  if (phase_ == Phase::open) return Result<void>();
  if (refused_) {
    return Result<void>(Error::sentence(
        std::errc::connection_refused,
        "connect " + name_ + ": refused (nothing listens on that port in the in-browser host)"));
  }
  if (phase_ == Phase::closed) return Result<void>(failure("connect"));
  opener_.set(cx.waker());
  if (auto* trace = cx.trace()) trace->waits_for("in-browser connection", id_, "accepted");
  return pending;  // woken by receive(accepted / refused / close), or abort()
}

Poll<Result<std::size_t>> Connection::poll_read(Context& cx, std::span<char> buffer) {
  if (queued_ > 0 && !buffer.empty()) {
    std::size_t n = 0;
    while (n < buffer.size() && !incoming_.empty()) {
      std::string& front = incoming_.front();
      std::size_t take = std::min(buffer.size() - n, front.size() - offset_);
      std::copy_n(front.data() + offset_, take, buffer.data() + n);
      n += take;
      offset_ += take;
      if (offset_ == front.size()) {
        incoming_.pop_front();
        offset_ = 0;
      }
    }
    queued_ -= n;
    read_uncredited_ += n;
    // Credit goes back in quarters of the window: one message per 64 KiB
    // read, and a sender held at a full window always gets some (its
    // receiver reads all of it, which is more than a quarter).
    if (read_uncredited_ >= kWindow / 4 && phase_ == Phase::open) {
      send(Kind::credit, {}, static_cast<std::uint32_t>(read_uncredited_));
      may_receive_ += read_uncredited_;
      read_uncredited_ = 0;
    }
    return Result<std::size_t>(n);
  }
  if (read_shut_ || (peer_eof_ && abort_reason_.empty())) return Result<std::size_t>(0);
  if (phase_ == Phase::closed) return Result<std::size_t>(failure("read from"));
  if (phase_ == Phase::connecting) {
    return Result<std::size_t>(Error(std::errc::not_connected, "read from " + name_ + ": not connected"));
  }
  reader_.set(cx.waker());
  if (auto* trace = cx.trace()) trace->waits_for("in-browser connection", id_, "data");
  return pending;  // woken by receive(data / eof / close), or abort()
}

Poll<Result<std::size_t>> Connection::poll_write(Context& cx, std::span<const char> data) {
  if (phase_ == Phase::closed) return Result<std::size_t>(failure("write to"));
  if (write_shut_) {
    return Result<std::size_t>(
        Error(std::errc::broken_pipe, "write to " + name_ + ": shut down for writing"));
  }
  if (phase_ == Phase::connecting) {
    return Result<std::size_t>(Error(std::errc::not_connected, "write to " + name_ + ": not connected"));
  }
  if (data.empty()) return Result<std::size_t>(0);
  if (may_send_ == 0) {
    writer_.set(cx.waker());
    if (auto* trace = cx.trace())
      trace->waits_for("in-browser connection", id_, "credit (the reader is a window behind)");
    return pending;  // woken by receive(credit / close), or abort()
  }
  std::size_t n = std::min({data.size(), may_send_, kMaxMessage});
  may_send_ -= n;
  send(Kind::data, std::string_view(data.data(), n));
  return Result<std::size_t>(n);
}

Result<void> Connection::shutdown(Shutdown how) {
  if (phase_ == Phase::connecting)
    return Error(std::errc::not_connected, "shutdown " + name_ + ": not connected");
  if (how != Shutdown::write && !read_shut_) {
    read_shut_ = true;
    // What was received and not read is thrown away, and credited: the
    // sender's window is not left short.
    std::size_t owed = queued_ + read_uncredited_;
    incoming_.clear();
    offset_ = 0;
    queued_ = 0;
    read_uncredited_ = 0;
    may_receive_ += owed;
    if (owed > 0 && phase_ == Phase::open) send(Kind::credit, {}, static_cast<std::uint32_t>(owed));
    wake_all("shutdown", -1);
  }
  if (phase_ == Phase::closed) return {};
  if (how == Shutdown::both) {
    send(Kind::close);
    phase_ = Phase::closed;
    write_shut_ = true;
    wake_all("shutdown", -1);
  } else if (how == Shutdown::write && !write_shut_) {
    write_shut_ = true;
    send(Kind::eof);
  }
  return {};
}

void Connection::abort(std::string reason) {
  if (phase_ == Phase::closed) return;
  abort_reason_ = std::move(reason);
  phase_ = Phase::closed;
  close_sent_ = true;  // the other end is gone
  wake_all("close", -1);
}

Delivery deliver(int id, int kind, std::string_view bytes, std::uint32_t amount) {
  Connection* connection = Connection::find(id);
  if (!connection) return Delivery::unknown_connection;
  if (kind == kMalformed) {
    connection->end_for_bad_message(bytes.empty() ? std::string("a malformed message")
                                                  : std::string(bytes.substr(0, kMaxReason)));
    return Delivery::broke_rules;
  }
  if (kind < static_cast<int>(Kind::data) || kind > static_cast<int>(Kind::refused)) {
    connection->end_for_bad_message("a message of unknown kind " + std::to_string(kind));
    return Delivery::bad_kind;
  }
  return connection->receive(static_cast<Kind>(kind), bytes, amount) ? Delivery::delivered
                                                                     : Delivery::broke_rules;
}

}  // namespace asyncplay::net::local
