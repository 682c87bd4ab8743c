#pragma once
// Expression: what a person typed after `run`, parsed into a tree of calls,
// each knowing where it stands in the text. build.hpp turns it into futures.
//
//   race(sleep(100ms), get(http://127.0.0.1:7879/a))
//
// The grammar is tiny, so the parser is written by hand (expression.cpp):
//   expression := NAME '(' [argument (',' argument)*] ')'
//   argument   := expression | WORD
//   WORD       := characters other than ( ) , and white space (a duration,
//                 a URL, HOST:PORT, a port or a path; the function says which)
// A bad expression gets one ParseError: why, and where (for a caret under it).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compose/compose_words.hpp"
#include "compose/functions.hpp"
#include "runtime/driver.hpp"

namespace asyncplay::compose {

// What a person may ask for at once; each has its own message.
struct Limits {
  static constexpr std::size_t length = 1000;                           // characters of the expression
  static constexpr std::size_t depth = 16;                              // calls inside calls
  static constexpr std::size_t futures = 64;                            // calls in all
  static constexpr Clock::duration longest = std::chrono::seconds(60);  // of a sleep or a timeout
  static constexpr Clock::duration longest_block = std::chrono::seconds(1);  // block() freezes the page meanwhile
};

struct Expression {
  Function function = Function::never;
  std::size_t position = 0;    // where its name starts in the text
  std::string source;          // its own text as typed, "get(http://127.0.0.1:7879/a)": names a
                               // spawned task, says what a race dropped
  Clock::duration duration{};  // sleep, timeout
  std::string host;            // get, cheapo, connect
  std::uint16_t port = 0;
  std::string path;                 // get, cheapo
  std::vector<Expression> futures;  // join and race: all; timeout and spawn: one
};

struct ParseError {
  std::size_t position;  // where in the text it went wrong (the text's length: at its end)
  std::string message;   // one sentence, no position in it
};

// The expression, or why and where it is not one.
class Parsed {
 public:
  Parsed(Expression expression) : expression_(std::move(expression)) {}
  Parsed(ParseError error) : error_(std::move(error)) {}
  bool ok() const { return expression_.has_value(); }
  explicit operator bool() const { return ok(); }
  Expression& operator*() { return *expression_; }
  Expression* operator->() { return &*expression_; }
  const ParseError& error() const { return *error_; }

 private:
  std::optional<Expression> expression_;
  std::optional<ParseError> error_;
};

Parsed parse_expression(std::string_view text);

// The error for a person: the message, then the text (or the part of a long
// one around the error) indented on its own line, and a caret under the place:
//   unknown function 'slep' (did you mean sleep?)
//     race(slep(10ms), never())
//          ^
std::string describe(const ParseError& error, std::string_view text);

// "DURATION is 200ms or 1.5s, at most 60s; at most 1000 characters, 64 futures, 16 calls deep"
std::string limits_in_words(const ComposeWords& words = kEnglishComposeWords);

// "200ms", "1s", "1.5s": a number and a unit, ms or s.
std::optional<Clock::duration> parse_duration(std::string_view text);

}  // namespace asyncplay::compose
