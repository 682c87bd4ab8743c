#include "wasm/console_words.hpp"

namespace asyncplay::wasm {

const ConsoleWords& console_words(std::string_view language) {
  return language.substr(0, 2) == "es" ? kSpanishWords : kEnglishWords;
}

std::string fill(const char* text, std::initializer_list<std::pair<std::string_view, std::string>> values) {
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

}  // namespace asyncplay::wasm
