#include "chat/command.hpp"

namespace asyncplay::chat {
namespace {

// Splits off the first space-separated word.
std::pair<std::string_view, std::string_view> next_token(std::string_view text) {
  auto start = text.find_first_not_of(' ');
  if (start == std::string_view::npos) return {{}, {}};
  text = text.substr(start);
  auto end = text.find(' ');
  if (end == std::string_view::npos) return {text, {}};
  return {text.substr(0, end), text.substr(end + 1)};
}

Error usage(const std::string& why) { return Error(std::errc::invalid_argument, why); }

}  // namespace

Result<FromClient> parse_command(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  auto [command, rest] = next_token(line);
  if (command == "join") {
    auto [group, extra] = next_token(rest);
    if (group.empty()) return usage("join needs a group: join GROUP");
    if (!next_token(extra).first.empty()) return usage("group names have no spaces: join GROUP");
    return FromClient(Join{std::string(group)});
  }
  if (command == "post") {
    auto [group, message] = next_token(rest);
    if (group.empty()) return usage("post needs a group and a message: post GROUP MESSAGE...");
    auto start = message.find_first_not_of(' ');
    message = start == std::string_view::npos ? std::string_view() : message.substr(start);
    if (message.empty()) return usage("post needs a message: post GROUP MESSAGE...");
    return FromClient(Post{std::string(group), std::string(message)});
  }
  if (command.empty()) return usage("empty command");
  return usage("unknown command '" + std::string(command) + "' (try: join GROUP, post GROUP MESSAGE...)");
}

std::string describe(const FromServer& reply) {
  if (auto* message = std::get_if<Message>(&reply)) {
    return "message posted to " + message->group_name + ": " + message->message;
  }
  return "error from server: " + std::get<ServerError>(reply).text;
}

}  // namespace asyncplay::chat
