#include "chat/command.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::chat;

TEST(ChatCommand, ParsesTheBooksCommands) {
  auto join = parse_command("join rust");
  ASSERT_TRUE(join.ok());
  EXPECT_EQ(std::get<Join>(*join).group_name, "rust");
  auto post = parse_command("post  rust   hello   world ");
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(std::get<Post>(*post).group_name, "rust");
  EXPECT_EQ(std::get<Post>(*post).message, "hello   world ");
}

TEST(ChatCommand, RefusesOthersWithAUsageLine) {
  for (const char* bad : {"", "join", "join a b", "post", "post g", "post g   ", "leave g", "JOIN g"}) {
    auto r = parse_command(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(parse_command("dance").error().context().find("unknown command 'dance'"), std::string::npos);
}

TEST(ChatCommand, DescribesRepliesInTheBooksWords) {
  EXPECT_EQ(describe(FromServer(Message{"g", "hi"})), "message posted to g: hi");
  EXPECT_EQ(describe(FromServer(ServerError{"oops"})), "error from server: oops");
}
