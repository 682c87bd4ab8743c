// TcpStream's native back end: a non-blocking socket on the reactor (epoll or io_uring).
#include <netinet/in.h>
#include <linux/sockios.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "io/source.hpp"
#include "net/host_port.hpp"
#include "net/resolve.hpp"
#include "net/tcp_stream.hpp"
#include "net/tcp_stream_native.hpp"

namespace asyncplay::net {

void detail::StreamStateDeleter::operator()(StreamState* state) const { delete state; }

TcpStream stream_from_source(io::Source source) {
  return TcpStream(detail::StreamStatePtr(new detail::StreamState{std::move(source), nullptr}));
}

namespace {

Task<Result<io::Source>> connect_one(SocketAddress addr) {
  int fd = ::socket(addr.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) co_return errno_error(errno, "socket");
  int rc = ::connect(fd, addr.get(), addr.size());
  if (rc < 0 && errno != EINPROGRESS) {
    int err = errno;
    ::close(fd);
    co_return errno_error(err, "");
  }
  auto source = io::Source::adopt(fd);
  if (!source || rc == 0) co_return std::move(source);
  while (true) {
    co_await source->ready(io::Direction::write);  // Pending until the handshake ends
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) co_return errno_error(err, "");
    sockaddr_storage peer;
    socklen_t peer_len = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0) co_return std::move(source);
    if (errno != ENOTCONN) co_return errno_error(errno, "");
    // An early event: the handshake is still under way; wait for the next.
  }
}

}  // namespace

Task<Result<TcpStream>> connect_address(SocketAddress address) {
  auto source = co_await connect_one(address);
  if (!source) co_return source.error().within("connect " + address.to_string());
  co_return stream_from_source(std::move(*source));
}

Task<Result<TcpStream>> TcpStream::connect(std::string host, std::uint16_t port) {
  std::string what = "connect " + HostPort{host, port}.to_string();
  auto addresses = co_await resolve(host, port);
  if (!addresses) co_return addresses.error().within("connect");
  std::optional<Error> last;
  for (const SocketAddress& addr : *addresses) {
    auto source = co_await connect_one(addr);
    if (source) co_return stream_from_source(std::move(*source));
    bool numeric = addr.to_string() == HostPort{host, port}.to_string();
    last = source.error().within(numeric ? what : what + " (" + addr.to_string() + ")");
  }
  if (!last) co_return Error(std::errc::address_not_available, what + ": no address");
  co_return *last;
}

Poll<Result<std::size_t>> TcpStream::ReadFuture::poll(Context& cx) {
  if (detail::TlsSession* tls = stream_.state_->tls.get()) {
    auto result = tls->poll_read(buffer_, cx);
    if (result.is_ready() && !result.value().ok()) {
      return Result<std::size_t>(result.value().error().within("from " + stream_.peer_name()));
    }
    return result;  // Pending: the reactor wakes this task when the socket is readable
  }
  auto result = stream_.state_->source.poll_receive(buffer_, cx);
  if (result.is_ready() && !result.value().ok()) {
    return Result<std::size_t>(result.value().error().within("from " + stream_.peer_name()));
  }
  return result;  // Pending: the reactor wakes this task when bytes arrive (or the socket is readable)
}

Poll<Result<std::size_t>> TcpStream::WriteFuture::poll(Context& cx) {
  if (detail::TlsSession* tls = stream_.state_->tls.get()) {
    auto result = tls->poll_write(data_, cx);
    if (result.is_ready() && !result.value().ok()) {
      return Result<std::size_t>(result.value().error().within("to " + stream_.peer_name()));
    }
    return result;  // Pending: the reactor wakes this task when the socket is writable
  }
  auto result = stream_.state_->source.poll_send(data_, sending_, cx, now_);
  if (result.is_ready() && !result.value().ok()) {
    return Result<std::size_t>(result.value().error().within("to " + stream_.peer_name()));
  }
  return result;  // Pending: the reactor wakes this task when the send completes or the socket has room
}

TcpStream::WriteFuture::~WriteFuture() { io::Source::drop_send(sending_); }

Result<void> TcpStream::shutdown(Shutdown how) {
  if (state_->tls && how != Shutdown::read) {
    auto sent = state_->tls->shutdown_write();  // close_notify, then TCP's FIN
    if (!sent) return sent.error().within("shutdown " + peer_name());
    if (how == Shutdown::write) return {};
    how = Shutdown::read;
  }
  int h = how == Shutdown::read ? SHUT_RD : how == Shutdown::write ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(state_->source.fd(), h) < 0) return errno_error(errno, "shutdown " + peer_name());
  return {};
}

Result<void> TcpStream::set_nodelay(bool on) {
  int flag = on ? 1 : 0;
  if (setsockopt(state_->source.fd(), IPPROTO_TCP, TCP_NODELAY, &flag, sizeof flag) < 0) {
    return errno_error(errno, "set TCP_NODELAY");
  }
  return {};
}

std::size_t TcpStream::unacknowledged_bytes() const {
  int queued = 0;
  if (ioctl(state_->source.fd(), SIOCOUTQ, &queued) < 0 || queued < 0) return 0;
  return static_cast<std::size_t>(queued);
}

std::string TcpStream::peer_name() const {
  sockaddr_storage peer;
  socklen_t len = sizeof peer;
  if (getpeername(state_->source.fd(), reinterpret_cast<sockaddr*>(&peer), &len) < 0) return "(not connected)";
  return SocketAddress(reinterpret_cast<sockaddr*>(&peer), len).to_string();
}

}  // namespace asyncplay::net
