#pragma once
// TcpListener: a listening socket; accept() is a future of the next connection.
// Native only (a browser page cannot listen).
//
//   auto listener = co_await TcpListener::bind("127.0.0.1:7878");
//   auto incoming = listener->incoming();
//   while (auto socket_result = co_await incoming.next()) { ... spawn(serve(...)); }
#include <optional>
#include <string>

#include "io/source.hpp"
#include "net/socket_address.hpp"
#include "net/tcp_stream.hpp"

namespace asyncplay::net {

struct ListenOptions {
  // SO_REUSEPORT: several processes listen on one port and the kernel spreads
  // new connections between them (one process per core).
  bool reuse_port = false;
};

class TcpListener {
 public:
  // Resolves "HOST:PORT" and listens on the first address that binds.
  static Task<Result<TcpListener>> bind(std::string host_port, ListenOptions options = {});
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

  SocketAddress local_addr() const;
  // Switches the socket to blocking mode for code that accepts without the
  // runtime (the thread-per-connection server); the listener still owns it.
  int blocking_fd();

 private:
  explicit TcpListener(io::Source source) : source_(std::move(source)) {}
  io::Source source_;
};

}  // namespace asyncplay::net
