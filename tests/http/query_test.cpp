#include "http/query.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::http;

TEST(Query, FindsAndDecodesAParameter) {
  auto t = query_param("/relay?x=1&target=127.0.0.1%3A7878", "target");
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(*t);
  EXPECT_EQ(**t, "127.0.0.1:7878");
  EXPECT_EQ(path_of("/relay?target=a"), "/relay");
}

TEST(Query, AnAbsentParameterIsNotAnError) {
  auto t = query_param("/relay", "target");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(*t);
  auto u = query_param("/relay?targets=1", "target");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(*u);
}

TEST(Query, MalformedEscapesAndEncodedNulAreErrors) {
  for (const char* bad : {"/r?target=%", "/r?target=%4", "/r?target=%zz", "/r?target=a%00b"}) {
    EXPECT_FALSE(query_param(bad, "target").ok()) << bad;
  }
}

TEST(Query, EncodeAndDecodeAreInverse) {
  std::string raw = "[::1]:80 &=?/%";
  auto back = percent_decode(percent_encode(raw));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, raw);
}
