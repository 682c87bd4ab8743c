#pragma once
// A log a test hands to a server (std::tmpfile()) and reads back whole,
// leaving the position at its end so the server goes on appending.
#include <cstdio>
#include <string>

namespace asyncplay::testing {

inline std::string read_log(std::FILE* log) {
  std::fflush(log);
  std::rewind(log);
  std::string text;
  for (int c; (c = std::fgetc(log)) != EOF;) text += static_cast<char>(c);
  std::fseek(log, 0, SEEK_END);
  return text;
}

}  // namespace asyncplay::testing
