#pragma once
// TcpStream: a connected TCP socket, with the book's async_std::net::TcpStream
// operations. One header, one implementation per back end, picked by CMake:
// tcp_stream_epoll.cpp natively, tcp_stream_websocket.cpp in the browser (each
// stream tunnelled through a WebSocket relay).
//
// Read and write futures may be used at once from two places (one reader, one
// writer), as the chat client does; two readers, or two writers, at once is a
// misuse: a stream keeps one waker per direction. Debug builds assert the
// one-writer rule (a second write_all while one is Pending).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/future.hpp"
#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::io {
struct SendOperation;  // native, io_uring: a send the kernel has not completed
}

namespace asyncplay::net {

enum class Shutdown { read, write, both };

namespace detail {
struct StreamState;  // defined by each back end
struct StreamStateDeleter {
  void operator()(StreamState* state) const;
};
using StreamStatePtr = std::unique_ptr<StreamState, StreamStateDeleter>;

// The one-writer check (debug builds; nothing at all otherwise).
#ifdef NDEBUG
inline void claim_writer(const void*, const void*) {}
inline void release_writer(const void*, const void*) {}
#else
void claim_writer(const void* stream, const void* writer);  // asserts no other writer holds it
void release_writer(const void* stream, const void* writer);
#endif
}  // namespace detail

class TcpStream {
 public:
  // Resolves `host` (without blocking the executor) and connects to the first
  // address that accepts. Errors name the target: "connect example.com:80: ...".
  static Task<Result<TcpStream>> connect(std::string host, std::uint16_t port);

  explicit TcpStream(detail::StreamStatePtr state);
  TcpStream(TcpStream&&) noexcept;
  TcpStream& operator=(TcpStream&&) noexcept;
  ~TcpStream();

  // Reads some bytes into `buffer`: how many, 0 at end of stream.
  class [[nodiscard]] ReadFuture {
   public:
    using Output = Result<std::size_t>;
    ReadFuture(TcpStream& stream, std::span<char> buffer) : stream_(stream), buffer_(buffer) {}
    Poll<Output> poll(Context& cx);

   private:
    TcpStream& stream_;
    std::span<char> buffer_;
  };

  // Writes some of `data`: how many bytes were taken. Natively on io_uring
  // (without TLS) the send completes after the executor parks; dropping
  // the future before then returns once the kernel no longer reads `data`.
  // A write_now() future never leaves a send in the kernel (see there).
  class [[nodiscard]] WriteFuture {
   public:
    using Output = Result<std::size_t>;
    WriteFuture(TcpStream& stream, std::span<const char> data, bool now = false)
        : stream_(stream), data_(data), now_(now) {}
    WriteFuture(WriteFuture&& other) noexcept
        : stream_(other.stream_),
          data_(other.data_),
          sending_(std::exchange(other.sending_, nullptr)),
          now_(other.now_) {}
    ~WriteFuture();
    Poll<Output> poll(Context& cx);

   private:
    TcpStream& stream_;
    std::span<const char> data_;
    io::SendOperation* sending_ = nullptr;
    bool now_ = false;
  };

  // Writes all of `data`; `data` must stay alive until this completes.
  class [[nodiscard]] WriteAllFuture {
   public:
    using Output = Result<void>;
    WriteAllFuture(TcpStream& stream, std::string_view data) : stream_(stream), data_(data) {}
    WriteAllFuture(WriteAllFuture&& other) noexcept
        : stream_(other.stream_), data_(other.data_), step_(std::move(other.step_)), written_(other.written_) {}
    ~WriteAllFuture() { release(); }
    Poll<Output> poll(Context& cx) {
      while (written_ < data_.size()) {
        if (!step_) step_.emplace(stream_.write(data_.substr(written_)));
        auto step = step_->poll(cx);
        if (step.is_pending()) {
          if (!claimed_) detail::claim_writer(&stream_, this);
          claimed_ = true;
          return pending;  // the write future registered cx's waker
        }
        step_.reset();
        auto n = step.take();
        if (!n) {
          release();
          return Output(n.error());
        }
        written_ += *n;
      }
      release();
      return Output();
    }

   private:
    void release() {
      if (claimed_) detail::release_writer(&stream_, this);
      claimed_ = false;
    }
    TcpStream& stream_;
    std::string_view data_;
    std::optional<WriteFuture> step_;  // the write under way, kept across polls
    std::size_t written_ = 0;
    bool claimed_ = false;  // Pending: this future is the stream's writer
  };

  ReadFuture read(std::span<char> buffer) { return ReadFuture(*this, buffer); }
  WriteFuture write(std::span<const char> data) { return WriteFuture(*this, data); }
  WriteFuture write(std::string_view data) { return WriteFuture(*this, {data.data(), data.size()}); }
  WriteAllFuture write_all(std::string_view data) { return WriteAllFuture(*this, data); }
  // A write that takes what the socket has room for at once, as a plain send
  // on every driver: Ready with how many bytes, or Pending (the waker kept for
  // room) when the socket is full. `data` need not outlive the poll, so it
  // may be a buffer shared by many writers; on io_uring this costs a system
  // call of its own, where write() would go in with the turn's other sends.
  WriteFuture write_now(std::string_view data) { return WriteFuture(*this, {data.data(), data.size()}, true); }

  // Appends everything up to the end of the stream to `out`; returns how many
  // bytes. Fails with errc::message_size past `limit` bytes.
  Task<Result<std::size_t>> read_to_string(std::string& out, std::size_t limit = 64 << 20);

  Result<void> shutdown(Shutdown how);
  Result<void> set_nodelay(bool on);
  // Bytes written and not yet acknowledged by the peer (SIOCOUTQ): when it
  // shrinks, the peer is there and reading. 0 in the browser (not known).
  std::size_t unacknowledged_bytes() const;
  // "127.0.0.1:7878", for logs and error messages.
  std::string peer_name() const;

  // The back end's own state, for the back end's helpers (tls_accept).
  detail::StreamState& backend_state() { return *state_; }

 private:
  detail::StreamStatePtr state_;
};

}  // namespace asyncplay::net
