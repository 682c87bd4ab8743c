#pragma once
// The chat client's reply loop (chat::ClientSession runs it): read the
// server's lines, print each as the book does.
#include <functional>
#include <string>

#include "net/tcp_stream.hpp"
#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::chat {

using Printer = std::function<void(const std::string& text, bool is_error)>;

// Ends when the server closes the connection (Ok) or on a read error.
Task<Result<void>> print_replies(net::TcpStream& socket, Printer print);

}  // namespace asyncplay::chat
