#pragma once
// The book's chat lines as a test writes and expects them: requests with
// their newline, replies without it (as LineClient::recv returns them).
#include <string>

#include "chat/protocol.hpp"

namespace asyncplay::testing {

inline std::string join_line(const std::string& g) { return chat::encode(chat::FromClient(chat::Join{g})); }
inline std::string post_line(const std::string& g, const std::string& m) {
  return chat::encode(chat::FromClient(chat::Post{g, m}));
}
inline std::string message_json(const std::string& g, const std::string& m) {
  auto line = chat::encode(chat::FromServer(chat::Message{g, m}));
  return line.substr(0, line.size() - 1);
}
inline std::string error_json(const std::string& text) {
  auto line = chat::encode(chat::FromServer(chat::ServerError{text}));
  return line.substr(0, line.size() - 1);
}

}  // namespace asyncplay::testing
