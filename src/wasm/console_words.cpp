#include "wasm/console_words.hpp"

namespace asyncplay::wasm {

const ConsoleWords& console_words(std::string_view language) {
  return language.substr(0, 2) == "es" ? kSpanishWords : kEnglishWords;
}

const trace::TraceWords& trace_words(std::string_view language) {
  return language.substr(0, 2) == "es" ? kSpanishTraceWords : trace::kEnglishTraceWords;
}

}  // namespace asyncplay::wasm
