#include "chat/protocol.hpp"

#include <nlohmann/json.hpp>

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

}  // namespace

std::string encode(const FromClient& packet) {
  if (auto* join = std::get_if<Join>(&packet)) {
    return dump_line({{"Join", {{"group_name", join->group_name}}}});
  }
  auto& post = std::get<Post>(packet);
  return dump_line({{"Post", {{"group_name", post.group_name}, {"message", post.message}}}});
}

std::string encode(const FromServer& packet) {
  if (auto* message = std::get_if<Message>(&packet)) {
    return dump_line({{"Message", {{"group_name", message->group_name}, {"message", message->message}}}});
  }
  return dump_line({{"Error", std::get<ServerError>(packet).text}});
}

Result<FromClient> decode_from_client(std::string_view line) {
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
