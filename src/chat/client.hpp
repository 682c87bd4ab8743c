#pragma once
// The chat client's reply loop, shared by the native client and the browser:
// read the server's lines, print each as the book does.
#include <functional>
#include <string>

#include "net/tcp_stream.hpp"
#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::chat {

using Printer = std::function<void(const std::string& text, bool is_error)>;

// Ends when the server closes the connection (Ok) or on a read error.
Task<Result<void>> print_replies(net::TcpStream& socket, Printer print);

// Encodes and writes one command line; errors are printed, not returned.
Task<Result<void>> send_command(net::TcpStream& socket, std::string line, Printer print);

}  // namespace asyncplay::chat
