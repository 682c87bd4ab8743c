#include "chat/command.hpp"

namespace asyncplay::chat {
namespace {

Error usage(const std::string& why) { return Error(std::errc::invalid_argument, why); }

}  // namespace

// How many bytes of white space `text` starts with: 0 if none. White space
// is what Rust's char::is_whitespace says (the book's client splits with it):
// ASCII's and Unicode's White_Space, e.g. U+00A0, U+2003, U+3000.
std::size_t white_space_at(std::string_view text) {
  if (text.empty()) return 0;
  auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
  unsigned char c = byte(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && (byte(1) == 0x85 || byte(1) == 0xA0)) return 2;                    // U+0085, U+00A0
  if (c == 0xE1 && byte(1) == 0x9A && byte(2) == 0x80) return 3;                      // U+1680
  if (c == 0xE2 && byte(1) == 0x80) {                                                // U+2000-200A, 2028, 2029, 202F
    unsigned d = byte(2);
    if ((d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;
  }
  if (c == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;                      // U+205F
  if (c == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;                      // U+3000
  return 0;
}

std::string_view trim_start(std::string_view text) {
  while (std::size_t n = white_space_at(text)) text.remove_prefix(n);
  return text;
}

std::pair<std::string_view, std::string_view> next_token(std::string_view text) {
  text = trim_start(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (white_space_at(text.substr(i))) return {text.substr(0, i), text.substr(i)};
  }
  return {text, {}};
}

Result<FromClient> parse_command(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  auto [command, rest] = next_token(line);
  if (command == "join") {
    auto [group, extra] = next_token(rest);
    if (group.empty()) return usage("join needs a group: join GROUP");
    if (!trim_start(extra).empty()) return usage("group names have no spaces: join GROUP");
    return FromClient(Join{std::string(group)});
  }
  if (command == "post") {
    auto [group, message] = next_token(rest);
    if (group.empty()) return usage("post needs a group and a message: post GROUP MESSAGE...");
    // As the book's client: the message is the rest, white space trimmed at
    // its start only, and may be empty.
    return FromClient(Post{std::string(group), std::string(trim_start(message))});
  }
  if (command.empty()) return usage("empty command");
  return usage("unknown command '" + std::string(command) + "' (try: join GROUP, post GROUP MESSAGE...)");
}

Result<TypedCommand> parse_typed_line(std::string_view line) {
  auto [command, rest] = next_token(line);
  if (command != "repeat") {
    auto request = parse_command(line);
    if (!request) return request.error();
    return TypedCommand{std::move(*request), 1};
  }
  constexpr std::string_view kUsage = "repeat N post GROUP MESSAGE... (N from 1 to 10000)";
  auto [count_word, repeated] = next_token(rest);
  if (count_word.empty()) return usage("repeat needs a count and a post: " + std::string(kUsage));
  std::uint32_t count = 0;
  for (char c : count_word) {
    if (c < '0' || c > '9') return usage("not a count: '" + std::string(count_word) + "': " + std::string(kUsage));
    count = count * 10 + static_cast<std::uint32_t>(c - '0');
    if (count > kMostRepeats) return usage("at most 10000 repeats: " + std::string(kUsage));
  }
  if (count == 0) return usage("at least one repeat: " + std::string(kUsage));
  if (next_token(repeated).first != "post") return usage("repeat repeats a post: " + std::string(kUsage));
  auto post = parse_command(repeated);
  if (!post) return post.error();
  return TypedCommand{std::move(*post), count};
}

std::string encode_nth(const TypedCommand& command, std::uint32_t i) {
  if (command.count == 1) return encode(command.request);
  const Post& post = std::get<Post>(command.request);
  std::string numbered = post.message.empty() ? "#" : post.message + " #";
  return encode(FromClient(Post{post.group_name, numbered + std::to_string(i)}));
}

std::string describe(const FromServer& reply) {
  if (auto* message = std::get_if<Message>(&reply)) {
    return "message posted to " + message->group_name + ": " + message->message;
  }
  return "error from server: " + std::get<ServerError>(reply).text;
}

}  // namespace asyncplay::chat
