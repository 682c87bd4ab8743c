#include "chat/client.hpp"

#include "chat/command.hpp"
#include "net/buf_reader.hpp"
#include "runtime/yield_now.hpp"

namespace asyncplay::chat {

Task<Result<void>> print_replies(net::TcpStream& socket, Printer print, Describe describe) {
  if (!describe) describe = [](const FromServer& reply) { return chat::describe(reply); };
  net::BufReader replies(socket, 1 << 20);
  for (std::size_t printed = 1; true; ++printed) {
    // Replies that came in a burst must not hold the executor (the page) in one poll.
    if (printed % 64 == 0) co_await yield_now();
    auto line = co_await replies.next_line();
    if (!line) {
      if (line.error().is(std::errc::message_size)) {
        print("reply from server too long: skipped", Said::client_error);
        continue;
      }
      co_return line.error();
    }
    if (!*line) co_return Result<void>();  // the server closed the connection
    auto reply = decode_from_server(**line);
    if (!reply) {
      print("unreadable reply from server: " + reply.error().context(), Said::client_error);
      continue;
    }
    print(describe(*reply), std::holds_alternative<ServerError>(*reply) ? Said::server_error : Said::message);
  }
}

}  // namespace asyncplay::chat
