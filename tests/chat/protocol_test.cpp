// The chat's wire format must be byte-for-byte the book's (serde's encoding).
#include "chat/protocol.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace asyncplay::chat;

TEST(ChatProtocol, EncodesExactlyAsTheBooksServerAndClient) {
  EXPECT_EQ(encode(FromClient(Join{"rust"})), "{\"Join\":{\"group_name\":\"rust\"}}\n");
  EXPECT_EQ(encode(FromClient(Post{"rust", "hi \"you\""})),
            "{\"Post\":{\"group_name\":\"rust\",\"message\":\"hi \\\"you\\\"\"}}\n");
  EXPECT_EQ(encode(FromServer(Message{"g", "m"})), "{\"Message\":{\"group_name\":\"g\",\"message\":\"m\"}}\n");
  EXPECT_EQ(encode(FromServer(ServerError{"Group 'x' does not exist"})),
            "{\"Error\":\"Group 'x' does not exist\"}\n");
}

TEST(ChatProtocol, DecodesWhatItEncodesAndIgnoresUnknownFieldsLikeSerde) {
  auto join = decode_from_client("{\"Join\":{\"group_name\":\"g\",\"extra\":1}}");
  ASSERT_TRUE(join.ok());
  EXPECT_EQ(std::get<Join>(*join).group_name, "g");
  auto post = decode_from_client(" {\"Post\" : {\"message\":\"m\",\"group_name\":\"g\"}} ");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(std::get<Post>(*post).message, "m");
  auto err = decode_from_server("{\"Error\":\"e\"}");
  ASSERT_TRUE(err.ok());
  EXPECT_EQ(std::get<ServerError>(*err).text, "e");
}

TEST(ChatProtocol, RefusesMalformedRequestsSayingWhatIsWrong) {
  struct Case {
    const char* line;
    const char* why;
  };
  for (auto [line, why] : {
           Case{"", "not valid JSON"},
           Case{"{", "not valid JSON"},
           Case{"\"Join\"", "one key"},
           Case{"{}", "one key"},
           Case{"{\"Join\":{},\"Post\":{}}", "one key"},
           Case{"{\"Leave\":{\"group_name\":\"g\"}}", "unknown request 'Leave'"},
           Case{"{\"Join\":\"g\"}", "Join must be an object"},
           Case{"{\"Join\":{}}", "no field 'group_name'"},
           Case{"{\"Join\":{\"group_name\":3}}", "must be a string"},
           Case{"{\"Post\":{\"group_name\":\"g\"}}", "no field 'message'"},
           Case{"{\"Post\":{\"group_name\":\"g\",\"message\":null}}", "must be a string"},
           Case{"{\"Join\":{\"group_name\":\"\xff\"}}", "not valid JSON"},
       }) {
    auto r = decode_from_client(line);
    ASSERT_FALSE(r.ok()) << line;
    EXPECT_NE(r.error().context().find(why), std::string::npos) << line << " -> " << r.error().context();
  }
}

TEST(ChatProtocol, InvalidUtf8InAMessageIsReplacedNotFatal) {
  std::string line = encode(FromServer(Message{"g", std::string("bad \xff byte")}));
  EXPECT_TRUE(decode_from_server(line.substr(0, line.size() - 1)).ok()) << line;
}

// Lines whose strings need no escaping are written and read without a JSON
// document (protocol.cpp); nlohmann-json is the authority for every line.
// Random strings of bytes that need escaping and bytes that do not, and
// lines cut or changed near the shapes the short way accepts, must come out
// of both ways the same.
namespace {

using nlohmann::json;

std::string as_nlohmann_writes(const json& doc) { return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

// What the wire says a Post line holds, read the long way: (group, message), or nothing.
std::optional<std::pair<std::string, std::string>> post_by_document(const std::string& line) {
  json doc = json::parse(line, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.size() != 1 || !doc.contains("Post")) return std::nullopt;
  const json& body = doc["Post"];
  if (!body.is_object() || !body.contains("group_name") || !body.contains("message")) return std::nullopt;
  if (!body["group_name"].is_string() || !body["message"].is_string()) return std::nullopt;
  return std::pair(body["group_name"].get<std::string>(), body["message"].get<std::string>());
}

std::string random_string(std::mt19937& random) {
  static const std::vector<std::string> pieces = {"a", "Z", " ", "~", "0", "\"", "\\", "\n", "\x01", "\x7f",
                                                  "\xc3\xb1", "\xe2\x82\xac", "\xff", "\xc3", "/", "}", "\",\""};
  std::string s;
  for (int n = std::uniform_int_distribution<int>(0, 6)(random); n > 0; --n) {
    s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(random)];
  }
  return s;
}

}  // namespace

TEST(ChatProtocol, TheShortWayWritesWhatNlohmannWrites) {
  std::mt19937 random(17);
  for (int i = 0; i < 5000; ++i) {
    std::string group = random_string(random), message = random_string(random);
    EXPECT_EQ(encode(FromClient(Join{group})), as_nlohmann_writes({{"Join", {{"group_name", group}}}}));
    EXPECT_EQ(encode(FromClient(Post{group, message})),
              as_nlohmann_writes({{"Post", {{"group_name", group}, {"message", message}}}}));
    EXPECT_EQ(encode(FromServer(Message{group, message})),
              as_nlohmann_writes({{"Message", {{"group_name", group}, {"message", message}}}}));
    EXPECT_EQ(encode(FromServer(ServerError{message})), as_nlohmann_writes({{"Error", message}}));
  }
}

TEST(ChatProtocol, TheShortWayReadsWhatNlohmannReads) {
  std::mt19937 random(29);
  const std::vector<std::string> heads = {"{\"Post\":{\"group_name\":\"", "{\"Post\":{\"group_name\":",
                                          "{\"Post\":{\"message\":\"", "{\"Post\":{\"group_name\":\"g\",\"x\":\""};
  const std::vector<std::string> middles = {"\",\"message\":\"", "\",\"message\":", "\", \"message\":\"",
                                            "\",\"group_name\":\"", "\",\"message\":\"x\",\"message\":\""};
  const std::vector<std::string> tails = {"\"}}", "\"}", "\"}} ", "\"}}}", "\",\"x\":1}}", ""};
  auto pick = [&](const std::vector<std::string>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(random)];
  };
  int read_as_posts = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line = pick(heads) + random_string(random) + pick(middles) + random_string(random) + pick(tails);
    auto expected = post_by_document(line);
    auto got = decode_from_client(line);
    ASSERT_EQ(got.ok() && std::holds_alternative<Post>(*got), expected.has_value()) << line;
    if (!expected) continue;
    ++read_as_posts;
    EXPECT_EQ(std::get<Post>(*got).group_name, expected->first) << line;
    EXPECT_EQ(std::get<Post>(*got).message, expected->second) << line;
    auto back = decode_from_server(encode(FromServer(Message{expected->first, expected->second})));
    ASSERT_TRUE(back.ok()) << line;
    EXPECT_EQ(std::get<Message>(*back).message, expected->second) << line;
  }
  EXPECT_GT(read_as_posts, 200) << "too few of the lines were posts to say anything";
}
