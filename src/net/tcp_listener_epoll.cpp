// TcpListener's native back end: a listening socket on the epoll reactor.
#include "net/tcp_listener.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "net/host_port.hpp"
#include "net/resolve.hpp"
#include "net/tcp_stream_native.hpp"

namespace asyncplay::net {

namespace detail {
struct ListenerState {
  io::Source source;
};
}  // namespace detail

void detail::ListenerStateDeleter::operator()(ListenerState* state) const { delete state; }

Result<TcpListener> TcpListener::bind(const SocketAddress& address, ListenOptions options) {
  std::string what = "listen on " + address.to_string();
  int fd = ::socket(address.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno_error(errno, what);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (options.reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
    int err = errno;
    ::close(fd);
    return errno_error(err, what + " with SO_REUSEPORT");
  }
  if (::bind(fd, address.get(), address.size()) < 0 || ::listen(fd, SOMAXCONN) < 0) {
    int err = errno;
    ::close(fd);
    return errno_error(err, what);
  }
  auto source = io::Source::adopt(fd);
  if (!source) return source.error().within(what);
  return TcpListener(detail::ListenerStatePtr(new detail::ListenerState{std::move(*source)}));
}

Task<Result<TcpListener>> TcpListener::bind(std::string host_port, ListenOptions options) {
  auto parsed = HostPort::parse(host_port, /*allow_any_port=*/true);
  if (!parsed) co_return parsed.error().within("listen");
  auto addresses = co_await resolve(parsed->host, parsed->port);
  if (!addresses) co_return addresses.error().within("listen on " + host_port);
  std::optional<Error> last;
  for (const SocketAddress& address : *addresses) {
    auto listener = bind(address, options);
    if (listener) co_return std::move(listener);
    last = listener.error();
  }
  co_return last ? *last : Error(std::errc::address_not_available, "listen on " + host_port);
}

Poll<Result<TcpStream>> TcpListener::AcceptFuture::poll(Context& cx) {
  io::Source& listening = listener_.state_->source;
  int fd = listening.fd();
  auto accepted = listening
                      .io(io::Direction::read,
                          [fd] { return static_cast<long>(::accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)); },
                          "accept")
                      .poll(cx);
  if (accepted.is_pending()) return pending;  // woken by the reactor on a new connection
  auto new_fd = accepted.take();
  if (!new_fd) return Result<TcpStream>(new_fd.error());
  auto source = io::Source::adopt(static_cast<int>(*new_fd));
  if (!source) return Result<TcpStream>(source.error());
  return Result<TcpStream>(stream_from_source(std::move(*source)));
}

SocketAddress TcpListener::local_addr() const {
  sockaddr_storage addr;
  socklen_t len = sizeof addr;
  getsockname(state_->source.fd(), reinterpret_cast<sockaddr*>(&addr), &len);
  return SocketAddress(reinterpret_cast<sockaddr*>(&addr), len);
}

}  // namespace asyncplay::net

namespace asyncplay::net {

int TcpListener::blocking_fd() {
  int fd = state_->source.fd();
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) & ~O_NONBLOCK);
  return fd;
}

}  // namespace asyncplay::net
