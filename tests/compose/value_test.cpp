// How the values of `run` print: short, and the same words everywhere.
#include "compose/value.hpp"

#include <gtest/gtest.h>

using namespace asyncplay;
using namespace asyncplay::compose;

TEST(ValueTest, AResponseShowsItsStatusWithoutTheVersionAndItsSize) {
  std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  EXPECT_EQ(Value::response(response).to_string(),
            "Ready(200 OK, " + std::to_string(response.size()) + " bytes)");
  EXPECT_EQ(Value::response("").to_string(), "Ready(0 bytes)");
}

TEST(ValueTest, AServersStatusLineIsShownNeverObeyed) {
  auto shown = Value::response("HTTP/1.1 200 \x1b[2JOK\r\n\r\n").to_string();
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
}

TEST(ValueTest, EachKindPrintsInItsOwnWords) {
  EXPECT_EQ(Value::unit().to_string(), "Ready(())");
  EXPECT_EQ(Value::connected("127.0.0.1:7879").to_string(), "Ready(connected to 127.0.0.1:7879)");
  EXPECT_EQ(
      Value::error(Error(std::errc::connection_refused, "connect 127.0.0.1:1")).to_string(),
      "Err(connect 127.0.0.1:1: " + std::make_error_code(std::errc::connection_refused).message() + ")");
  EXPECT_EQ(Value::cancelled().to_string(), "cancelled");
  EXPECT_EQ(Value::timed_out("20 ms", "never()").to_string(), "timed out after 20 ms; dropped never()");
}

TEST(ValueTest, AJoinListsEveryValueInOrder) {
  std::vector<Value> items;
  items.push_back(Value::unit());
  items.push_back(Value::connected("h:1"));
  EXPECT_EQ(Value::list(std::move(items)).to_string(), "Ready([Ready(()), Ready(connected to h:1)])");
}

TEST(ValueTest, ARaceSaysWhoWonAndWhatWasDropped) {
  EXPECT_EQ(Value::won("sleep(10ms)", Value::unit(), {"never()", "sleep(1s)"}).to_string(),
            "Ready(sleep(10ms) won: Ready(()); dropped never(), sleep(1s))");
  EXPECT_EQ(Value::won("never()", Value::unit(), {}).to_string(), "Ready(never() won: Ready(()))");
}

TEST(ValueTest, AnErrOrATimeoutAnywhereInsideIsAFailure) {
  EXPECT_FALSE(Value::unit().failed());
  EXPECT_FALSE(Value::cancelled().failed());
  EXPECT_TRUE(Value::timed_out("1 ms", "never()").failed());
  std::vector<Value> items;
  items.push_back(Value::unit());
  items.push_back(Value::error(Error(std::errc::timed_out, "x")));
  auto joined = Value::list(std::move(items));
  EXPECT_TRUE(joined.failed());
  EXPECT_TRUE(Value::won("join(...)", std::move(joined), {"never()"}).failed());
  EXPECT_FALSE(Value::won("sleep(1ms)", Value::unit(), {"get(http://h:1/)"}).failed())
      << "a dropped loser is not a failure";
}
