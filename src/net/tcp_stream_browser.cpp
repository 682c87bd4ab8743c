// TcpStream in the browser: the operations forward to the stream's back end
// (tcp_stream_browser.hpp), and connect picks the back end by the host name.
#include "net/tcp_stream_browser.hpp"

namespace asyncplay::net {

void detail::StreamStateDeleter::operator()(StreamState* state) const { delete state; }

Task<Result<TcpStream>> TcpStream::connect(std::string host, std::uint16_t port) {
  if (host == kLocalHost) return connect_local(port);
  return connect_through_relay(std::move(host), port);
}

Poll<Result<std::size_t>> TcpStream::ReadFuture::poll(Context& cx) {
  return stream_.state_->poll_read(cx, buffer_);  // Pending: the back end stored cx's waker
}

Poll<Result<std::size_t>> TcpStream::WriteFuture::poll(Context& cx) {
  (void)now_;  // every write here is a plain one: the back end copies `data_` or takes none of it
  return stream_.state_->poll_write(cx, data_);  // Pending: the back end stored cx's waker
}

TcpStream::WriteFuture::~WriteFuture() = default;  // the back end holds no send of the future's

Result<void> TcpStream::shutdown(Shutdown how) { return state_->shutdown(how); }
Result<void> TcpStream::set_nodelay(bool) { return {}; }  // nothing to delay: each write is one message
std::size_t TcpStream::unacknowledged_bytes() const { return 0; }  // the browser does not say
std::string TcpStream::peer_name() const { return state_->peer_name(); }

}  // namespace asyncplay::net
