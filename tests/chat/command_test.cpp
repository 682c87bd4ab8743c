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

// The book's client splits at any white space (Rust's char::is_whitespace)
// and lets a message be empty.
TEST(ChatCommand, SplitsAtAnyWhiteSpaceAsTheBooksClientDoes) {
  auto tabbed = parse_command("post\tg\ttabbed");
  ASSERT_TRUE(tabbed.ok());
  EXPECT_EQ(std::get<Post>(*tabbed).group_name, "g");
  EXPECT_EQ(std::get<Post>(*tabbed).message, "tabbed");
  auto wide = parse_command("join\u3000rust");  // an ideographic space
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(std::get<Join>(*wide).group_name, "rust");
  auto nbsp = parse_command("post g\u00a0 hi there");
  ASSERT_TRUE(nbsp.ok());
  EXPECT_EQ(std::get<Post>(*nbsp).message, "hi there");
  for (const char* line : {"post g", "post g   "}) {
    auto empty = parse_command(line);
    ASSERT_TRUE(empty.ok()) << line;
    EXPECT_EQ(std::get<Post>(*empty).message, "") << line;
  }
  auto accented = parse_command("join caf\u00e9");  // é is C3 A9: not white space
  ASSERT_TRUE(accented.ok());
  EXPECT_EQ(std::get<Join>(*accented).group_name, "caf\u00e9");
}

TEST(ChatCommand, RefusesOthersWithAUsageLine) {
  for (const char* bad : {"", "join", "join a b", "join a\tb", "post", "leave g", "JOIN g"}) {
    auto r = parse_command(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(parse_command("dance").error().context().find("unknown command 'dance'"), std::string::npos);
}

TEST(ChatCommand, DescribesRepliesInTheBooksWords) {
  EXPECT_EQ(describe(FromServer(Message{"g", "hi"})), "message posted to g: hi");
  EXPECT_EQ(describe(FromServer(ServerError{"oops"})), "error from server: oops");
}

// Ours: one typed line for a burst of numbered posts; the book's commands
// pass through as themselves.
TEST(ChatCommand, RepeatSendsThePostNTimesNumbered) {
  auto plain = parse_typed_line("post g hi");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->count, 1u);
  EXPECT_EQ(encode_nth(*plain, 1), encode(FromClient(Post{"g", "hi"})));
  auto burst = parse_typed_line("repeat 3 post g hello there");
  ASSERT_TRUE(burst.ok());
  EXPECT_EQ(burst->count, 3u);
  EXPECT_EQ(encode_nth(*burst, 1), encode(FromClient(Post{"g", "hello there #1"})));
  EXPECT_EQ(encode_nth(*burst, 3), encode(FromClient(Post{"g", "hello there #3"})));
  auto bare = parse_typed_line("repeat 2 post g");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(encode_nth(*bare, 2), encode(FromClient(Post{"g", "#2"})));
  EXPECT_EQ(parse_typed_line("repeat 10000 post g x")->count, 10000u);
}

TEST(ChatCommand, RepeatRefusesABadCountOrAnythingButAPost) {
  auto why = [](const char* line) {
    auto r = parse_typed_line(line);
    EXPECT_FALSE(r.ok()) << line;
    return r.ok() ? std::string() : r.error().context();
  };
  EXPECT_NE(why("repeat").find("needs a count and a post"), std::string::npos);
  EXPECT_NE(why("repeat 0 post g x").find("at least one"), std::string::npos);
  EXPECT_NE(why("repeat 10001 post g x").find("at most 10000"), std::string::npos);
  EXPECT_NE(why("repeat 99999999999999999999 post g x").find("at most 10000"), std::string::npos);
  EXPECT_NE(why("repeat -3 post g x").find("not a count: '-3'"), std::string::npos);
  EXPECT_NE(why("repeat 3x post g x").find("not a count"), std::string::npos);
  EXPECT_NE(why("repeat 3 join g").find("repeats a post"), std::string::npos);
  EXPECT_NE(why("repeat 3").find("repeats a post"), std::string::npos);
  EXPECT_NE(why("repeat 3 post").find("post needs a group"), std::string::npos);
  EXPECT_NE(why("repeat 2 repeat 2 post g x").find("repeats a post"), std::string::npos);
}
