#pragma once
// ClientSession: one chat connection as the book's client holds it, for both
// clients (the native `asyncplay chat` and the page's console):
//   - the stream;
//   - one writer task fed by an mpsc of commands: typed lines are tokenised
//     once, here, and written in the order they were given, one at a time (a
//     TcpStream has one writer); a `repeat N post ...` is one command in the
//     queue, its N lines written one after another as the stream takes them;
//   - the reply reader, printing what the server sends in the book's words.
// Dropping the session cancels both tasks and closes the stream.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "chat/client.hpp"
#include "chat/command.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/sync/mpsc.hpp"

namespace asyncplay::chat {

class ClientSession {
 public:
  // Commands queued and not yet written, at most (the page's try_send says so past it).
  static constexpr std::size_t kQueue = 4096;

  // Connects and starts the writer and the reader; the error in words if it
  // cannot. Replies are printed in the book's words unless `describe` says.
  static Task<Result<std::unique_ptr<ClientSession>>> connect(std::string host, std::uint16_t port,
                                                              Printer print, Describe describe = {});
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  // Queues a typed line (join/post/repeat). A line that is not a command is refused
  // at once with its usage (printed; true: the session goes on). False when
  // the session can take no more: closed, or kQueue commands still waiting.
  bool try_send(std::string_view line);
  // The same, waiting for room instead of refusing (the native client: stdin
  // is read no faster than the server takes commands).
  Task<bool> send(std::string line);
  // No more commands: the writer shuts down the sending half once every
  // queued command is written.
  void finish_sending();

  // Ready when the writer has written everything and shut down (Ctrl-D).
  JoinHandle<Result<void>>& writer() { return writer_; }
  // Ready when the server closed the connection (Ok) or reading failed.
  JoinHandle<Result<void>>& replies() { return replies_; }
  bool is_open() const { return !replies_.is_finished() && !writer_.is_finished(); }
  const std::string& target() const { return target_; }

 private:
  using Channel = std::pair<mpsc::Sender<TypedCommand>, mpsc::Receiver<TypedCommand>>;
  ClientSession(net::TcpStream stream, std::string target, Printer print, Describe describe,
                Channel channel = mpsc::channel<TypedCommand>(kQueue));
  // Tokenises `line`: the command, or none after printing why not.
  std::optional<TypedCommand> parse_line(std::string_view line);

  std::unique_ptr<net::TcpStream> stream_;  // stable address: both tasks hold it
  std::string target_;
  Printer print_;
  std::optional<mpsc::Sender<TypedCommand>> commands_;  // empty after finish_sending
  JoinHandle<Result<void>> writer_;
  JoinHandle<Result<void>> replies_;
};

}  // namespace asyncplay::chat
