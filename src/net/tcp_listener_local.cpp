// TcpListener's browser back end: a port of the in-browser host
// (local_listener.hpp). Only the host name `local` can be listened on.
#include "net/host_port.hpp"
#include "net/local_listener.hpp"
#include "net/tcp_listener.hpp"
#include "net/tcp_stream_local.hpp"

namespace asyncplay::net {

namespace detail {
struct ListenerState {
  std::unique_ptr<local::Listener> listener;
};
}  // namespace detail

void detail::ListenerStateDeleter::operator()(ListenerState* state) const { delete state; }

Task<Result<TcpListener>> TcpListener::bind(std::string host_port, ListenOptions) {
  auto parsed = HostPort::parse(host_port, /*allow_any_port=*/true);
  if (!parsed) co_return parsed.error().within("listen");
  if (parsed->host != kLocalHost) {
    co_return Error(
        std::errc::operation_not_supported,
        "listen on " + host_port + ": a page can listen only on the in-browser host (local:PORT)");
  }
  auto listener = local::Listener::bind(parsed->port);
  if (!listener) co_return listener.error();
  co_return TcpListener(detail::ListenerStatePtr(new detail::ListenerState{std::move(*listener)}));
}

Poll<Result<TcpStream>> TcpListener::AcceptFuture::poll(Context& cx) {
  auto accepted = listener_.state_->listener->poll_accept(cx);
  if (accepted.is_pending()) return pending;  // woken by a page's connect (Listener::connect_from_link)
  return Result<TcpStream>(stream_from_local(accepted.take()));
}

}  // namespace asyncplay::net
