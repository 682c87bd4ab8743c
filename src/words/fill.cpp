#include "words/fill.hpp"

namespace asyncplay::words {

std::string fill(std::string_view text, Values values) {
  std::string out;
  std::string_view rest(text);
  while (!rest.empty()) {
    auto open = rest.find('{');
    auto close = open == std::string_view::npos ? open : rest.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(rest.substr(0, open));
    std::string_view key = rest.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [name, value] : values) {
      if (name == key) {
        out += value;
        found = true;
        break;
      }
    }
    if (!found) out.append(rest.substr(open, close - open + 1));
    rest.remove_prefix(close + 1);
  }
  out.append(rest);
  return out;
}

}  // namespace asyncplay::words
