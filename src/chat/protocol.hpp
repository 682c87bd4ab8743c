#pragma once
// The chat's wire format, the same as the book's async-chat: one JSON object per
// line, in serde's default ("externally tagged") enum encoding.
//   client -> server: {"Join":{"group_name":"G"}}
//                     {"Post":{"group_name":"G","message":"M"}}
//   server -> client: {"Message":{"group_name":"G","message":"M"}}
//                     {"Error":"TEXT"}
// Like serde, unknown fields inside a variant are ignored; anything else that
// does not match is an error whose text says what was wrong.
#include <string>
#include <string_view>
#include <variant>

#include "runtime/result.hpp"

namespace asyncplay::chat {

struct Join {
  std::string group_name;
};
struct Post {
  std::string group_name;
  std::string message;
};
using FromClient = std::variant<Join, Post>;

struct Message {
  std::string group_name;
  std::string message;
};
struct ServerError {
  std::string text;
};
using FromServer = std::variant<Message, ServerError>;

// One line each, with the trailing "\n".
std::string encode(const FromClient& packet);
std::string encode(const FromServer& packet);

// `line` without its newline. Errors have errc::bad_message and say why.
Result<FromClient> decode_from_client(std::string_view line);
Result<FromServer> decode_from_server(std::string_view line);

}  // namespace asyncplay::chat
