// The expressions of `run`: what parses into which tree, and for everything
// else the message and the place the caret points at. No I/O: runs in both worlds.
#include "compose/expression.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace asyncplay;
using namespace asyncplay::compose;
using namespace std::chrono_literals;

namespace {

Expression parsed(const std::string& text) {
  auto result = parse_expression(text);
  if (!result) ADD_FAILURE() << text << ": " << describe(result.error(), text);
  if (!result) return Expression{};
  return *result;
}

ParseError refused(const std::string& text) {
  auto result = parse_expression(text);
  if (result) {
    ADD_FAILURE() << text << " parsed, but should not have";
    return ParseError{0, ""};
  }
  return result.error();
}

bool says(const ParseError& e, const std::string& words) {
  return e.message.find(words) != std::string::npos;
}

}  // namespace

TEST(ExpressionTest, ASleepHasItsDurationAndItsPlace) {
  auto e = parsed("sleep(200ms)");
  EXPECT_EQ(e.function, Function::sleep);
  EXPECT_EQ(e.duration, 200ms);
  EXPECT_EQ(e.position, 0u);
  EXPECT_EQ(e.source, "sleep(200ms)");
}

TEST(ExpressionTest, DurationsAreMillisecondsOrSecondsWithOrWithoutAFraction) {
  EXPECT_EQ(parse_duration("0ms"), Clock::duration(0));
  EXPECT_EQ(parse_duration("1s"), std::chrono::duration_cast<Clock::duration>(1s));
  EXPECT_EQ(parse_duration("1.5s"), std::chrono::duration_cast<Clock::duration>(1500ms));
  EXPECT_EQ(parse_duration("2.5ms"), std::chrono::duration_cast<Clock::duration>(2500us));
  EXPECT_EQ(parse_duration("60s"), std::chrono::duration_cast<Clock::duration>(60s));
  for (const char* bad : {"", "200", "ms", "1.s", ".5s", "-1s", "1m", "1 s", "1sec", "1e3ms", "1.5.5s"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
  EXPECT_GT(parse_duration("99999999999999999999s"), std::chrono::duration_cast<Clock::duration>(60s))
      << "a huge number saturates instead of overflowing";
}

TEST(ExpressionTest, EveryFunctionParsesWithItsArguments) {
  auto get = parsed("get(http://127.0.0.1:7879/a?b=1)");
  EXPECT_EQ(get.function, Function::get);
  EXPECT_EQ(get.host, "127.0.0.1");
  EXPECT_EQ(get.port, 7879);
  EXPECT_EQ(get.path, "/a?b=1");

  auto cheapo = parsed("cheapo(example.com, 80, /index.html)");
  EXPECT_EQ(cheapo.function, Function::cheapo);
  EXPECT_EQ(cheapo.host, "example.com");
  EXPECT_EQ(cheapo.port, 80);
  EXPECT_EQ(cheapo.path, "/index.html");

  auto connect = parsed("connect([::1]:7878)");
  EXPECT_EQ(connect.function, Function::connect);
  EXPECT_EQ(connect.host, "::1");
  EXPECT_EQ(connect.port, 7878);

  auto timeout = parsed("timeout(1s, never())");
  EXPECT_EQ(timeout.function, Function::timeout);
  EXPECT_EQ(timeout.duration, std::chrono::duration_cast<Clock::duration>(1s));
  ASSERT_EQ(timeout.futures.size(), 1u);
  EXPECT_EQ(timeout.futures[0].function, Function::never);

  EXPECT_EQ(parsed("yield_now()").function, Function::yield_now);
  EXPECT_EQ(parsed("spawn(yield_now())").futures.at(0).function, Function::yield_now);
}

TEST(ExpressionTest, JoinAndRaceHoldTheirFuturesInOrderEachWithItsOwnText) {
  std::string text = "race( sleep(10ms) ,join(never(), get(http://h:1/)) )";
  auto e = parsed(text);
  EXPECT_EQ(e.function, Function::race);
  EXPECT_EQ(e.source, text);
  ASSERT_EQ(e.futures.size(), 2u);
  EXPECT_EQ(e.futures[0].source, "sleep(10ms)");
  EXPECT_EQ(e.futures[0].position, 6u);
  EXPECT_EQ(e.futures[1].source, "join(never(), get(http://h:1/))");
  ASSERT_EQ(e.futures[1].futures.size(), 2u);
  EXPECT_EQ(e.futures[1].futures[1].source, "get(http://h:1/)");
  EXPECT_EQ(e.futures[1].futures[1].position, text.find("get"));
}

TEST(ExpressionTest, WhiteSpaceAndTabsMayGoAroundAnything) {
  auto e = parsed("\t join (\tsleep ( 1ms ) , never( ) ) ");
  EXPECT_EQ(e.function, Function::join);
  EXPECT_EQ(e.futures.size(), 2u);
  EXPECT_EQ(e.futures[0].duration, std::chrono::duration_cast<Clock::duration>(1ms));
}

TEST(ExpressionTest, AnUnclosedParenthesisIsPointedAt) {
  auto e = refused("join(sleep(1ms), never()");
  EXPECT_TRUE(says(e, "this '(' is never closed")) << e.message;
  EXPECT_EQ(e.position, 4u);
  auto inner = refused("join(sleep(1ms, never())");
  EXPECT_TRUE(says(inner, "never closed")) << inner.message;
  EXPECT_EQ(inner.position, 4u) << "sleep's '(' is closed by never's ')'; join's is the one left open";
}

TEST(ExpressionTest, AClosingParenthesisTooManyIsPointedAt) {
  auto e = refused("sleep(1ms))");
  EXPECT_TRUE(says(e, "this ')' closes nothing")) << e.message;
  EXPECT_EQ(e.position, 10u);
}

TEST(ExpressionTest, MissingAndMisplacedArgumentsArePointedAt) {
  auto empty = refused("join(sleep(1ms),,never())");
  EXPECT_TRUE(says(empty, "expected an argument before ','")) << empty.message;
  EXPECT_EQ(empty.position, 16u);
  auto trailing = refused("join(sleep(1ms), )");
  EXPECT_TRUE(says(trailing, "expected an argument before ')'")) << trailing.message;
  EXPECT_EQ(trailing.position, 17u);
  auto no_comma = refused("join(sleep(1ms) never())");
  EXPECT_TRUE(says(no_comma, "expected ',' or ')'")) << no_comma.message;
  EXPECT_EQ(no_comma.position, 16u);
  auto after = refused("sleep(1ms) never()");
  EXPECT_TRUE(says(after, "more after the expression")) << after.message;
  EXPECT_EQ(after.position, 11u);
}

TEST(ExpressionTest, AnUnknownFunctionGetsTheNearestNameAndTheKnownOnes) {
  auto e = refused("race(slep(10ms), never())");
  EXPECT_TRUE(says(e, "unknown function 'slep': did you mean sleep?")) << e.message;
  EXPECT_TRUE(says(e, "known: sleep, get, cheapo, connect, join, race, timeout, spawn, yield_now, never, block, lost_waker"))
      << e.message;
  EXPECT_EQ(e.position, 5u);
  EXPECT_TRUE(says(refused("yield()"), "did you mean yield_now?"));
  auto far = refused("juggle(1)");
  EXPECT_TRUE(says(far, "unknown function 'juggle' (known:")) << far.message;
}

TEST(ExpressionTest, AFunctionNamedWithoutParenthesesSaysHowToCallIt) {
  auto e = refused("race(sleep(1ms), never)");
  EXPECT_TRUE(says(e, "never is a function: write never()")) << e.message;
  EXPECT_EQ(e.position, 17u);
  auto word = refused("join(200ms)");
  EXPECT_TRUE(says(word, "expected a future, such as sleep(200ms), not '200ms'")) << word.message;
  EXPECT_EQ(word.position, 5u);
  auto call = refused("sleep(never())");
  EXPECT_TRUE(says(call, "sleep(DURATION) wants a duration here, not a call")) << call.message;
  EXPECT_EQ(call.position, 6u);
}

TEST(ExpressionTest, TheWrongNumberOfArgumentsSaysWhatTheFunctionTakes) {
  auto few = refused("timeout(1s)");
  EXPECT_TRUE(says(few, "too few arguments: timeout(DURATION, FUTURE) takes 2 arguments, not 1"))
      << few.message;
  EXPECT_EQ(few.position, 10u) << "at the ')' where the argument is missing";
  auto many = refused("sleep(1ms, 2ms)");
  EXPECT_TRUE(says(many, "too many arguments: sleep(DURATION) takes 1 argument, not 2")) << many.message;
  EXPECT_EQ(many.position, 11u) << "at the first argument too many";
  auto none = refused("never(1s)");
  EXPECT_TRUE(says(none, "never() takes 0 arguments, not 1")) << none.message;
  auto empty_join = refused("join()");
  EXPECT_TRUE(says(empty_join, "join(FUTURE, ...) takes at least one future")) << empty_join.message;
  EXPECT_EQ(empty_join.position, 5u);
  EXPECT_TRUE(says(refused("race( )"), "race(FUTURE, ...) takes at least one future"));
}

TEST(ExpressionTest, ABadDurationIsPointedAt) {
  auto e = refused("timeout(5 minutes, never())");
  EXPECT_TRUE(says(e, "expected ',' or ')'")) << e.message;
  auto unit = refused("race(sleep(5m), never())");
  EXPECT_TRUE(says(unit, "bad duration '5m': a number and ms or s, such as 200ms or 1.5s")) << unit.message;
  EXPECT_EQ(unit.position, 11u);
}

TEST(ExpressionTest, ABadUrlOrAddressSaysWhy) {
  auto scheme = refused("get(https://example.com/)");
  EXPECT_TRUE(says(scheme, "https is not supported")) << scheme.message;
  EXPECT_EQ(scheme.position, 4u);
  auto port = refused("get(http://127.0.0.1:99999/)");
  EXPECT_TRUE(says(port, "bad URL")) << port.message;
  auto no_port = refused("connect(localhost)");
  EXPECT_TRUE(says(no_port, "bad address: 'localhost' is not HOST:PORT (no ':PORT')")) << no_port.message;
  EXPECT_EQ(no_port.position, 8u);
  auto host = refused("cheapo(a/b, 80, /)");
  EXPECT_TRUE(says(host, "bad host 'a/b'")) << host.message;
  auto cheapo_port = refused("cheapo(localhost, 0, /)");
  EXPECT_TRUE(says(cheapo_port, "bad port '0'")) << cheapo_port.message;
  EXPECT_EQ(cheapo_port.position, 18u);
  auto path = refused("cheapo(localhost, 80, index.html)");
  EXPECT_TRUE(says(path, "bad path 'index.html': it starts with /")) << path.message;
}

TEST(ExpressionTest, NothingToParseSaysWhatToTry) {
  for (const char* blank : {"", "   ", "\t"}) {
    auto e = refused(blank);
    EXPECT_TRUE(says(e, "no expression: try sleep(200ms)")) << e.message;
    EXPECT_EQ(e.position, 0u);
  }
}

TEST(ExpressionTest, OnlyPrintableAsciiIsAccepted) {
  auto control = refused("sleep(1ms)\x1b[2J");
  EXPECT_TRUE(says(control, "only printable ASCII characters")) << control.message;
  EXPECT_EQ(control.position, 10u);
  auto accent = refused("sleep(1ms, \xc3\xa9)");
  EXPECT_EQ(accent.position, 11u);
  auto shown = describe(control, "sleep(1ms)\x1b[2J");
  EXPECT_EQ(shown.find('\x1b'), std::string::npos)
      << "the escape is shown as '?', never sent to the terminal";
}

// The limits, each with its own message, each just inside and just past.
TEST(ExpressionTest, TheExpressionIsAtMostAThousandCharacters) {
  std::string longest = "sleep(1ms)" + std::string(Limits::length - 10, ' ');
  EXPECT_TRUE(parse_expression(longest));
  auto e = refused(longest + " ");
  EXPECT_TRUE(says(e, "too long: 1001 characters, at most 1000")) << e.message;
  EXPECT_EQ(e.position, 1000u);
}

TEST(ExpressionTest, CallsNestAtMostSixteenDeep) {
  auto nested = [](std::size_t depth) {
    std::string text = "yield_now()";
    for (std::size_t i = 1; i < depth; ++i) text = "spawn(" + text + ")";
    return text;
  };
  EXPECT_TRUE(parse_expression(nested(Limits::depth)));
  auto e = refused(nested(Limits::depth + 1));
  EXPECT_TRUE(says(e, "nested too deep: at most 16 calls inside each other")) << e.message;
  EXPECT_EQ(e.position, 6u * Limits::depth) << "at the seventeenth call";
  // Deeper than the limit is refused without recursing any deeper.
  EXPECT_TRUE(says(refused(std::string(400, '(')), "expected a future"));
  EXPECT_TRUE(says(refused(nested(160).substr(0, 1000)), "nested too deep"));
}

TEST(ExpressionTest, AnExpressionHoldsAtMostSixtyFourFutures) {
  auto joined = [](std::size_t futures) {
    std::string text = "join(";
    for (std::size_t i = 1; i < futures; ++i) text += i == 1 ? "never()" : ",never()";
    return text + ")";
  };
  EXPECT_TRUE(parse_expression(joined(Limits::futures)));
  std::string text = joined(Limits::futures + 1);
  auto e = refused(text);
  EXPECT_TRUE(says(e, "too many futures: at most 64 calls in one expression")) << e.message;
  EXPECT_EQ(e.position, text.rfind("never"));
}

// What goes wrong, on purpose: block() freezes every task, so it is kept short.
TEST(ExpressionTest, ABlockLastsAtMostASecondAndLostWakerTakesNothing) {
  EXPECT_EQ(parsed("block(200ms)").function, Function::block);
  EXPECT_EQ(parsed("race(lost_waker(), sleep(1s))").futures.at(0).function, Function::lost_waker);
  EXPECT_TRUE(parse_expression("block(1s)"));
  auto long_block = refused("block(1.5s)");
  EXPECT_TRUE(says(long_block, "block of 1.5s would freeze every task (and the page) too long: at most 1s"))
      << long_block.message;
  EXPECT_EQ(long_block.position, 6u);
  auto with_argument = refused("lost_waker(1s)");
  EXPECT_FALSE(with_argument.message.empty());
}

TEST(ExpressionTest, SleepsAndTimeoutsLastAtMostSixtySeconds) {
  EXPECT_TRUE(parse_expression("sleep(60s)"));
  EXPECT_TRUE(parse_expression("timeout(60000ms, never())"));
  auto sleep = refused("sleep(60.001s)");
  EXPECT_TRUE(says(sleep, "sleep of 60.001s is longer than the longest allowed, 60s")) << sleep.message;
  EXPECT_EQ(sleep.position, 6u);
  auto timeout = refused("join(timeout(61s, never()))");
  EXPECT_TRUE(says(timeout, "timeout of 61s is longer than the longest allowed, 60s")) << timeout.message;
  EXPECT_EQ(timeout.position, 13u);
}

TEST(ExpressionTest, TheCaretStandsUnderThePlace) {
  std::string text = "race(slep(10ms), never())";
  auto shown = describe(refused(text), text);
  EXPECT_EQ(shown,
            "unknown function 'slep': did you mean sleep? (known: sleep, get, cheapo, connect, join, race, "
            "timeout, "
            "spawn, yield_now, never, block, lost_waker)\n"
            "  race(slep(10ms), never())\n"
            "       ^");
}

TEST(ExpressionTest, TheCaretKeepsItsColumnPastTabs) {
  std::string text = "join(\tslep(1ms))";
  auto shown = describe(refused(text), text);
  EXPECT_NE(shown.find("\n  join(\tslep(1ms))\n       \t^"), std::string::npos) << shown;
}

TEST(ExpressionTest, TheCaretCanStandPastTheEnd) {
  std::string text = "join(sleep(1ms),";
  auto e = refused(text);
  EXPECT_TRUE(says(e, "expected an argument here")) << e.message;
  EXPECT_EQ(e.position, text.size());
  EXPECT_NE(describe(e, text).find("\n  join(sleep(1ms),\n  " + std::string(text.size(), ' ') + "^"),
            std::string::npos)
      << describe(e, text);
}

TEST(ExpressionTest, ALongExpressionIsShownAroundTheError) {
  std::string text = "join(" + std::string(200, ' ') + "slep(1ms)" + std::string(200, ' ') + ")";
  auto e = refused(text);
  EXPECT_EQ(e.position, 205u);
  std::string shown = describe(e, text);
  auto first = shown.find('\n'), second = shown.find('\n', first + 1);
  std::string line = shown.substr(first + 1, second - first - 1);
  std::string caret = shown.substr(second + 1);
  EXPECT_LE(line.size(), 2u + 3 + 72 + 3) << "a window, not the whole text";
  EXPECT_EQ(line.substr(0, 5), "  ...");
  EXPECT_EQ(line.substr(line.size() - 3), "...");
  EXPECT_EQ(line.substr(caret.size() - 1, 4), "slep") << shown;
}
