#pragma once
// Value: what one future of a `run` expression ended with, and how it prints.
//   Ready(())                                sleep, yield_now
//   Ready(200 OK, 142 bytes)                 get, cheapo: the status and the size
//   Ready(connected to 127.0.0.1:7879)       connect
//   Err(connect 127.0.0.1:1: Connection refused)   a failed get, cheapo or connect
//   Ready([Ready(()), Ready(200 OK, 2 bytes)])     join: each future's, in order
//   Ready(sleep(10ms) won: Ready(()); dropped never())   race: the winner, the losers
//   timed out after 20 ms; dropped never()   timeout, when the time ran out first
//   cancelled                                a spawned task cancelled before it ended
// timeout's and spawn's futures, when they end, print as their own value.
#include <optional>
#include <string>
#include <vector>

#include "compose/compose_words.hpp"
#include "runtime/result.hpp"

namespace asyncplay::compose {

class Value {
 public:
  enum class Kind { unit, response, connected, error, list, won, timed_out, cancelled };

  static Value unit() { return Value(Kind::unit); }
  // A whole HTTP response: its status line and its size are shown.
  static Value response(const std::string& http_response);
  static Value connected(std::string target);
  // `at`: where the failing future starts in the expression's text, for a
  // caret under it when the cause is the person's (a target the relay does
  // not allow); npos when unknown.
  static Value error(Error error, std::size_t at = std::string::npos);
  static Value list(std::vector<Value> items);
  // `winner` is the source of the future that won, `dropped` the others'.
  static Value won(std::string winner, Value value, std::vector<std::string> dropped);
  static Value timed_out(std::string after, std::string dropped);
  static Value cancelled() { return Value(Kind::cancelled); }

  Kind kind() const { return kind_; }
  // The items of a list; the winner's value (one item) of a race.
  const std::vector<Value>& items() const { return items_; }
  // The Error of Kind::error.
  const Error& failure() const { return *error_; }
  // The race's losers, or the timed-out future (one name).
  const std::vector<std::string>& dropped() const { return dropped_; }
  // True when this value or one inside it is an Err or a timeout: the
  // expression failed somewhere (`asyncplay run` then exits with 1).
  bool failed() const;
  // Where in the expression an Err's future starts (npos when unknown).
  std::size_t position() const { return position_; }
  // This value and every value inside it, depth first (for the errors in a join or a race).
  template <class Fn>
  void for_each(Fn fn) const {
    fn(*this);
    for (const Value& item : items_) item.for_each(fn);
  }

  // "Ready(200 OK, 142 bytes)", "cancelled", "timed out after 1s; dropped get(...)", in `words`.
  std::string to_string(const ComposeWords& words = kEnglishComposeWords) const;

 private:
  explicit Value(Kind kind) : kind_(kind) {}

  Kind kind_;
  std::string text_;                  // response: its status, "200 OK"; connected: the target; won:
                                      // the winner; timed_out: "20 ms"
  std::size_t bytes_ = 0;             // response: its size
  std::optional<Error> error_;        // error
  std::vector<Value> items_;          // list; won: the winner's value
  std::vector<std::string> dropped_;  // won, timed_out: the futures dropped, by their source
  std::size_t position_ = std::string::npos;  // error: where its future starts in the text
};

}  // namespace asyncplay::compose
