#include "chat/client_session.hpp"

#include "chat/command.hpp"
#include "chat/protocol.hpp"
#include "net/host_port.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {
namespace {

constexpr std::size_t kGiveWayEvery = 64;  // commands written per poll, at most

// The one writer of the stream: each command in turn, then (once every
// Sender is gone) the end of the sending half.
Task<Result<void>> write_commands(net::TcpStream& stream, mpsc::Receiver<std::string> commands) {
  for (std::size_t written_count = 1; auto encoded = co_await commands.recv(); ++written_count) {
    if (auto written = co_await stream.write_all(*encoded); !written) co_return written;
    // A thousand queued posts must not hold the executor (the page) in one poll.
    if (written_count % kGiveWayEvery == 0) co_await yield_now();
  }
  co_return stream.shutdown(net::Shutdown::write);
}

}  // namespace

ClientSession::ClientSession(net::TcpStream stream, std::string target, Printer print, Describe describe,
                             Channel channel)
    : stream_(std::make_unique<net::TcpStream>(std::move(stream))),
      target_(std::move(target)),
      print_(std::move(print)),
      commands_(std::move(channel.first)),
      writer_(spawn(write_commands(*stream_, std::move(channel.second)), "chat writer")),
      replies_(spawn(print_replies(*stream_, print_, std::move(describe)), "chat replies")) {}

ClientSession::~ClientSession() {
  writer_.cancel();
  replies_.cancel();
}

Task<Result<std::unique_ptr<ClientSession>>> ClientSession::connect(std::string host, std::uint16_t port,
                                                                    Printer print, Describe describe) {
  std::string target = net::HostPort{host, port}.to_string();
  auto stream = co_await net::TcpStream::connect(std::move(host), port);
  if (!stream) co_return stream.error();
  co_return std::unique_ptr<ClientSession>(
      new ClientSession(std::move(*stream), std::move(target), std::move(print), std::move(describe)));
}

std::string ClientSession::encode_line(std::string_view line) {
  auto request = parse_command(line);
  if (!request) {
    print_(request.error().context(), Said::client_error);
    return {};
  }
  return encode(*request);
}

bool ClientSession::try_send(std::string_view line) {
  if (!commands_ || !is_open()) return false;
  std::string encoded = encode_line(line);
  if (encoded.empty()) return true;
  return commands_->try_send(encoded) == mpsc::TrySend::sent;
}

Task<bool> ClientSession::send(std::string line) {
  if (!commands_ || !is_open()) co_return false;
  std::string encoded = encode_line(line);
  if (encoded.empty()) co_return true;
  co_return co_await commands_->send(std::move(encoded));
}

void ClientSession::finish_sending() { commands_.reset(); }

}  // namespace asyncplay::chat
