#include "http/url.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::http;

TEST(HttpUrl, ParsesHostPortAndPath) {
  auto u = HttpUrl::parse("http://127.0.0.1:8080/a/b?c=d");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/a/b?c=d");
  auto plain = HttpUrl::parse("http://example.com");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->port, 80);
  EXPECT_EQ(plain->path, "/");
  auto v6 = HttpUrl::parse("http://[::1]:81/");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
}

TEST(HttpUrl, RefusesWhatItCannotFetchAndSaysWhy) {
  auto https = HttpUrl::parse("https://example.com/");
  ASSERT_FALSE(https.ok());
  EXPECT_NE(https.error().context().find("https"), std::string::npos);
  for (const char* bad : {"ftp://x/", "http://", "http://host:99999/", "http://a b/", "http://h/x y",
                          "http://h/\r\nX: injected", "http://user@h/"}) {
    EXPECT_FALSE(HttpUrl::parse(bad).ok()) << bad;
  }
}

TEST(HttpUrl, RequestPathsMayNotCarryHeaders) {
  EXPECT_TRUE(is_valid_request_path("/index.html"));
  EXPECT_FALSE(is_valid_request_path("index.html"));
  EXPECT_FALSE(is_valid_request_path("/ HTTP/1.1\r\nHost: evil"));
}
