#pragma once
// The chat client's side of the protocol, shared by the native client and the
// browser terminal: the book's commands, and the book's words for replies.
//   join GROUP
//   post GROUP MESSAGE...        (group names have no spaces; messages may)
#include <string>
#include <string_view>

#include "chat/protocol.hpp"
#include "runtime/result.hpp"

namespace asyncplay::chat {

inline constexpr std::string_view kCommandUsage =
    "commands:\n"
    "  join GROUP\n"
    "  post GROUP MESSAGE...\n";

// errc::invalid_argument with a one-line reason for anything else.
Result<FromClient> parse_command(std::string_view line);

// "message posted to G: M" or "error from server: E", as the book prints them.
std::string describe(const FromServer& reply);

}  // namespace asyncplay::chat
