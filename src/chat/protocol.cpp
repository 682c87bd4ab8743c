#include "chat/protocol.hpp"

#include <nlohmann/json.hpp>
#include <initializer_list>
#include <optional>
#include <utility>

namespace asyncplay::chat {
namespace {

using nlohmann::json;

Error bad(const std::string& why) { return Error(std::errc::bad_message, why); }

// The one-key object {"Variant": body} that serde writes for an enum.
Result<std::pair<std::string, const json*>> variant_of(const json& doc) {
  if (!doc.is_object() || doc.size() != 1) {
    return bad("expected an object with one key naming the variant");
  }
  auto it = doc.begin();
  return std::pair<std::string, const json*>(it.key(), &it.value());
}

Result<std::string> string_field(const json& body, const char* variant, const char* field) {
  if (!body.is_object()) return bad(std::string(variant) + " must be an object");
  auto it = body.find(field);
  if (it == body.end()) return bad(std::string(variant) + " has no field '" + field + "'");
  if (!it->is_string()) return bad(std::string(variant) + "." + field + " must be a string");
  return it->get<std::string>();
}

Result<json> parse(std::string_view line) {
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return bad("not valid JSON");
  return doc;
}

std::string dump_line(const json& doc) {
  // Replace invalid UTF-8 rather than throw: a message is never lost for it.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

// The lines a chat is made of, when their strings need no escaping, are
// written and read here as bytes, without a JSON document: building and
// parsing one cost the server half its time on many small posts (a profile
// of 10 groups x 10 members x 10 posters). Every other line goes through
// nlohmann-json, which stays the authority: a test checks that both ways
// agree, and these bytes are exactly what it writes.
constexpr std::string_view kJoinHead = "{\"Join\":{\"group_name\":\"";
constexpr std::string_view kPostHead = "{\"Post\":{\"group_name\":\"";
constexpr std::string_view kMessageHead = "{\"Message\":{\"group_name\":\"";
constexpr std::string_view kErrorHead = "{\"Error\":\"";
constexpr std::string_view kBetweenFields = "\",\"message\":\"";
constexpr std::string_view kVariantTail = "\"}}";  // ends a Join, Post or Message
constexpr std::string_view kErrorTail = "\"}";

// True when JSON writes `s` between quotes as it is: printable ASCII other
// than '"' and '\\'.
bool plain(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

// The pieces, then a newline, as one line.
std::string plain_line(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 1;
  for (auto piece : pieces) size += piece.size();
  std::string line;
  line.reserve(size);
  for (auto piece : pieces) line.append(piece);
  line += '\n';
  return line;
}

// What `line` holds between `head` and `tail`, if it starts and ends with them.
std::optional<std::string_view> between(std::string_view line, std::string_view head, std::string_view tail) {
  if (line.size() < head.size() + tail.size() || !line.starts_with(head) || !line.ends_with(tail)) return std::nullopt;
  return line.substr(head.size(), line.size() - head.size() - tail.size());
}

// The same, if that is a plain string (so it holds no '"').
std::optional<std::string_view> plain_between(std::string_view line, std::string_view head, std::string_view tail) {
  auto inside = between(line, head, tail);
  if (!inside || !plain(*inside)) return std::nullopt;
  return inside;
}

// head G","message":"M"}} with G and M plain, as (G, M).
std::optional<std::pair<std::string_view, std::string_view>> plain_group_and_message(std::string_view line,
                                                                                     std::string_view head) {
  auto inside = between(line, head, kVariantTail);
  if (!inside) return std::nullopt;
  std::size_t quote = inside->find('"');  // ends G, which being plain holds none
  if (quote == std::string_view::npos || !inside->substr(quote).starts_with(kBetweenFields)) return std::nullopt;
  std::string_view group = inside->substr(0, quote);
  std::string_view message = inside->substr(quote + kBetweenFields.size());
  if (!plain(group) || !plain(message)) return std::nullopt;
  return std::pair(group, message);
}

}  // namespace

std::string encode(const FromClient& packet) {
  if (auto* join = std::get_if<Join>(&packet)) {
    if (plain(join->group_name)) return plain_line({kJoinHead, join->group_name, kVariantTail});
    return dump_line({{"Join", {{"group_name", join->group_name}}}});
  }
  auto& post = std::get<Post>(packet);
  if (plain(post.group_name) && plain(post.message)) {
    return plain_line({kPostHead, post.group_name, kBetweenFields, post.message, kVariantTail});
  }
  return dump_line({{"Post", {{"group_name", post.group_name}, {"message", post.message}}}});
}

std::string encode(const FromServer& packet) {
  if (auto* message = std::get_if<Message>(&packet)) {
    if (plain(message->group_name) && plain(message->message)) {
      return plain_line({kMessageHead, message->group_name, kBetweenFields, message->message, kVariantTail});
    }
    return dump_line({{"Message", {{"group_name", message->group_name}, {"message", message->message}}}});
  }
  const std::string& text = std::get<ServerError>(packet).text;
  if (plain(text)) return plain_line({kErrorHead, text, kErrorTail});
  return dump_line({{"Error", text}});
}

Result<FromClient> decode_from_client(std::string_view line) {
  if (auto post = plain_group_and_message(line, kPostHead)) {
    return FromClient(Post{std::string(post->first), std::string(post->second)});
  }
  if (auto group = plain_between(line, kJoinHead, kVariantTail)) return FromClient(Join{std::string(*group)});
  auto doc = parse(line);
  if (!doc) return doc.error();
  auto variant = variant_of(*doc);
  if (!variant) return variant.error();
  auto& [name, body] = *variant;
  if (name == "Join") {
    auto group = string_field(*body, "Join", "group_name");
    if (!group) return group.error();
    return FromClient(Join{std::move(*group)});
  }
  if (name == "Post") {
    auto group = string_field(*body, "Post", "group_name");
    if (!group) return group.error();
    auto message = string_field(*body, "Post", "message");
    if (!message) return message.error();
    return FromClient(Post{std::move(*group), std::move(*message)});
  }
  return bad("unknown request '" + name + "' (expected Join or Post)");
}

Result<FromServer> decode_from_server(std::string_view line) {
  if (auto message = plain_group_and_message(line, kMessageHead)) {
    return FromServer(Message{std::string(message->first), std::string(message->second)});
  }
  if (auto text = plain_between(line, kErrorHead, kErrorTail)) return FromServer(ServerError{std::string(*text)});
  auto doc = parse(line);
  if (!doc) return doc.error();
  auto variant = variant_of(*doc);
  if (!variant) return variant.error();
  auto& [name, body] = *variant;
  if (name == "Message") {
    auto group = string_field(*body, "Message", "group_name");
    if (!group) return group.error();
    auto message = string_field(*body, "Message", "message");
    if (!message) return message.error();
    return FromServer(Message{std::move(*group), std::move(*message)});
  }
  if (name == "Error") {
    if (!body->is_string()) return bad("Error must be a string");
    return FromServer(ServerError{body->get<std::string>()});
  }
  return bad("unknown reply '" + name + "' (expected Message or Error)");
}

}  // namespace asyncplay::chat
