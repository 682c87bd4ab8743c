#pragma once
// The functions an expression of `run` may call, one row each: what it is
// called, what it takes, and one line on what its future does. The parser
// checks calls against this table; `help` and `--help` print it.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "compose/compose_words.hpp"

namespace asyncplay::compose {

enum class Function : std::uint8_t {
  sleep,
  get,
  cheapo,
  connect,
  join,
  race,
  timeout,
  spawn,
  yield_now,
  never,
  block,       // what goes wrong: a poll that blocks the thread
  lost_waker,  // what goes wrong: Pending with no waker kept
};

// What one argument must be.
enum class Argument : std::uint8_t {
  duration,   // 200ms, 1s, 1.5s
  url,        // http://HOST:PORT/PATH
  host_port,  // HOST:PORT
  host,       // a name or an address
  port,       // 1..65535
  path,       // /PATH
  future,     // a call: sleep(10ms)
};

struct FunctionInfo {
  Function function;
  std::string_view name;
  std::string_view signature;       // "timeout(DURATION, FUTURE)"
  std::span<const Argument> takes;  // in order; with `many`, the last one repeats
  bool many;                        // join and race: one future or more
  std::string_view does;            // what its future is Ready with
};

// Every function, in the order help lists them.
std::span<const FunctionInfo> functions();
// The row named `name`, or null.
const FunctionInfo* find_function(std::string_view name);
const FunctionInfo& info(Function function);
// One line per function, "  sleep(DURATION)   what it does", for help texts.
std::string function_list(std::string_view indent, const ComposeWords& words = kEnglishComposeWords);

// The known name nearest to a mistyped one (at most two edits away), or "".
std::string_view nearest_function(std::string_view name);

}  // namespace asyncplay::compose
