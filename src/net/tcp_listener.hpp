#pragma once
// TcpListener: a listening socket; accept() is a future of the next connection.
// One header, a back end per world (as TcpStream): tcp_listener_epoll.cpp
// natively; in the browser tcp_listener_local.cpp, which listens only on the
// in-browser host ("local:PORT", docs/LOCAL_HOST.md), as a page cannot open
// a socket of its own.
//
//   auto listener = co_await TcpListener::bind("127.0.0.1:7878");
//   auto incoming = listener->incoming();
//   while (auto socket_result = co_await incoming.next()) { ... spawn(serve(...)); }
#include <memory>
#include <optional>
#include <string>

#include "net/socket_address.hpp"
#include "net/tcp_stream.hpp"

namespace asyncplay::net {

struct ListenOptions {
  // SO_REUSEPORT: several processes listen on one port and the kernel spreads
  // new connections between them (one process per core).
  bool reuse_port = false;
};

namespace detail {
struct ListenerState;  // defined by each back end
struct ListenerStateDeleter {
  void operator()(ListenerState* state) const;
};
using ListenerStatePtr = std::unique_ptr<ListenerState, ListenerStateDeleter>;
}  // namespace detail

class TcpListener {
 public:
  explicit TcpListener(detail::ListenerStatePtr state) : state_(std::move(state)) {}

  // Resolves "HOST:PORT" and listens on the first address that binds. In the
  // browser HOST must be `local`.
  static Task<Result<TcpListener>> bind(std::string host_port, ListenOptions options = {});
  // Native only.
  static Result<TcpListener> bind(const SocketAddress& address, ListenOptions options = {});

  class [[nodiscard]] AcceptFuture {
   public:
    using Output = Result<TcpStream>;
    explicit AcceptFuture(TcpListener& listener) : listener_(listener) {}
    Poll<Output> poll(Context& cx);

   private:
    TcpListener& listener_;
  };
  AcceptFuture accept() { return AcceptFuture(*this); }

  // The book's `listener.incoming()`: next() never ends, it yields each accept's result.
  class Incoming {
   public:
    explicit Incoming(TcpListener& listener) : listener_(listener) {}
    class [[nodiscard]] NextFuture {
     public:
      using Output = std::optional<Result<TcpStream>>;
      explicit NextFuture(TcpListener& listener) : accept_(listener) {}
      Poll<Output> poll(Context& cx) {
        auto r = accept_.poll(cx);
        if (r.is_pending()) return pending;  // woken by the reactor on a new connection
        return Output(r.take());
      }

     private:
      AcceptFuture accept_;
    };
    NextFuture next() { return NextFuture(listener_); }

   private:
    TcpListener& listener_;
  };
  Incoming incoming() { return Incoming(*this); }

  // Native only: the address it listens on, and the socket switched to
  // blocking mode for code that accepts without the runtime (the
  // thread-per-connection server); the listener still owns it.
  SocketAddress local_addr() const;
  int blocking_fd();

 private:
  detail::ListenerStatePtr state_;
};

}  // namespace asyncplay::net
