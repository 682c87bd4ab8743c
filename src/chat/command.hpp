#pragma once
// The chat client's side of the protocol, shared by the native client and the
// browser terminal: the book's commands, and the book's words for replies.
//   join GROUP
//   post GROUP MESSAGE...        (group names have no spaces; messages may)
// Words are split at any white space, as the book's client splits them.
#include <cstdint>
#include <string>
#include <string_view>

#include "chat/protocol.hpp"
#include "runtime/result.hpp"

namespace asyncplay::chat {

inline constexpr std::string_view kCommandUsage =
    "commands:\n"
    "  join GROUP\n"
    "  post GROUP MESSAGE...\n"
    "  repeat N post GROUP MESSAGE...   (the post N times, numbered)\n";

// errc::invalid_argument with a one-line reason for anything else.
Result<FromClient> parse_command(std::string_view line);

// A typed line: one of the book's commands, or ours beside them,
//   repeat N post GROUP MESSAGE...
// which sends the post N times, each message ending in " #1" ... " #N": one
// line typed makes a burst, enough to watch a member that stops reading lag
// behind the group and be told "Dropped ...". Nothing on the wire changes.
inline constexpr std::uint32_t kMostRepeats = 10000;
struct TypedCommand {
  FromClient request;
  std::uint32_t count = 1;
};
Result<TypedCommand> parse_typed_line(std::string_view line);
// The i-th (1-based) of a typed command's requests, encoded as a line.
std::string encode_nth(const TypedCommand& command, std::uint32_t i);

// The one tokeniser of typed lines (the chat client's and the page's console's):
// the first word and what follows it (white space included); empty if none.
std::pair<std::string_view, std::string_view> next_token(std::string_view text);
std::string_view trim_start(std::string_view text);
std::size_t white_space_at(std::string_view text);

// "message posted to G: M" or "error from server: E", as the book prints them.
std::string describe(const FromServer& reply);

}  // namespace asyncplay::chat
