#include "chat/client_session.hpp"

#include "chat/protocol.hpp"
#include "net/host_port.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {
namespace {

constexpr std::size_t kGiveWayEvery = 64;  // commands written per poll, at most

// The one writer of the stream: each command in turn, then (once every
// Sender is gone) the end of the sending half.
Task<Result<void>> write_commands(net::TcpStream& stream, mpsc::Receiver<TypedCommand> commands) {
  std::size_t written_count = 0;
  while (auto command = co_await commands.recv()) {  // woken by a queued command, or the last Sender gone
    for (std::uint32_t i = 1; i <= command->count; ++i) {
      if (auto written = co_await stream.write_all(encode_nth(*command, i)); !written) co_return written;
      // A thousand posts must not hold the executor (the page) in one poll.
      if (++written_count % kGiveWayEvery == 0) co_await yield_now();
    }
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

std::optional<TypedCommand> ClientSession::parse_line(std::string_view line) {
  auto command = parse_typed_line(line);
  if (!command) {
    print_(command.error().context(), Said::client_error);
    return std::nullopt;
  }
  return std::move(*command);
}

bool ClientSession::try_send(std::string_view line) {
  if (!commands_ || !is_open()) return false;
  auto command = parse_line(line);
  if (!command) return true;
  return commands_->try_send(*command) == mpsc::TrySend::sent;
}

Task<bool> ClientSession::send(std::string line) {
  if (!commands_ || !is_open()) co_return false;
  auto command = parse_line(line);
  if (!command) co_return true;
  // The send future is made outside the co_await: g++ 12 warns of a variant
  // moved within one ("may be used uninitialized").
  auto sending = commands_->send(std::move(*command));
  co_return co_await std::move(sending);
}

void ClientSession::finish_sending() { commands_.reset(); }

}  // namespace asyncplay::chat
