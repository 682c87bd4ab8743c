// The chat's wire format must be byte-for-byte the book's (serde's encoding).
#include "chat/protocol.hpp"

#include <gtest/gtest.h>

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
