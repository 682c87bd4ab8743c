#pragma once
// The chat client's reply loop (chat::ClientSession runs it): read the
// server's lines, print each as the book does.
#include <functional>
#include <string>

#include "chat/protocol.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::chat {

// What a line the client prints is: a message (the book prints it on stdout),
// the server's Error (stdout too, as the book's client prints it; the page
// shows it as an error), or the client's own complaint (stderr).
enum class Said { message, server_error, client_error };
using Printer = std::function<void(const std::string& text, Said kind)>;

// A reply in words: chat::describe (the book's), or the page's in its language.
using Describe = std::function<std::string(const FromServer& reply)>;

// Ends when the server closes the connection (Ok) or on a read error.
// `describe` empty: the book's words.
Task<Result<void>> print_replies(net::TcpStream& socket, Printer print, Describe describe = {});

}  // namespace asyncplay::chat
