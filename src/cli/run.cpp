// `asyncplay run 'EXPR'`: futures a person composes from the runtime's own
// (src/compose/), run under block_on; prints what the expression ended with.
//   asyncplay run 'race(sleep(10ms), never())'
//   Ready(sleep(10ms) won: Ready(()); dropped never())
// Exit status: 0, 1 when the value holds an Err or a timeout, 2 when the
// expression does not parse (the message, the expression, a caret under the place).
#include <cstdio>
#include <stdexcept>

#include "cli/commands.hpp"
#include "compose/build.hpp"
#include "compose/expression.hpp"
#include "runtime/executor.hpp"

namespace asyncplay::cli {

int run(const Args& args) {
  if (args.empty())
    throw std::invalid_argument("usage: asyncplay run 'EXPR' [--trace FILE] (see asyncplay run --help)");
  // Unquoted words come as several arguments: they are one expression.
  std::string text;
  for (const auto& arg : args) {
    if (arg.rfind("--", 0) == 0) throw std::invalid_argument("unknown option '" + arg + "'");
    text += (text.empty() ? "" : " ") + arg;
  }
  auto expression = compose::parse_expression(text);
  if (!expression) {
    std::fprintf(stderr, "asyncplay run: %s\n", compose::describe(expression.error(), text).c_str());
    return 2;
  }
  compose::Value value = block_on(compose::build(std::move(*expression)));
  std::printf("%s\n", value.to_string().c_str());
  return value.failed() ? 1 : 0;
}

}  // namespace asyncplay::cli
