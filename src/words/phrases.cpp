#include "words/phrases.hpp"

#include <algorithm>
#include <cctype>

namespace asyncplay::words {
namespace {

bool is_letter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

Phrases::Phrases(std::vector<std::pair<std::string_view, std::string_view>> pairs)
    : pairs_(std::move(pairs)) {
  std::stable_sort(pairs_.begin(), pairs_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string Phrases::in_words(std::string_view text) const {
  if (pairs_.empty()) return std::string(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    bool at_start = i == 0 || !is_letter(text[i - 1]);
    const std::pair<std::string_view, std::string_view>* found = nullptr;
    if (at_start) {
      for (const auto& pair : pairs_) {
        std::string_view english = pair.first;
        if (text.substr(i, english.size()) != english) continue;
        std::size_t end = i + english.size();
        if (end < text.size() && is_letter(text[end]) && is_letter(english.back())) continue;
        found = &pair;
        break;
      }
    }
    if (found) {
      out += found->second;
      i += found->first.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

namespace {
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;  // the tables hold no control characters
  }
  out += '"';
}
}  // namespace

std::string Phrases::to_json() const {
  std::string out = "[";
  for (const auto& [english, said] : pairs_) {
    if (out.size() > 1) out += ',';
    out += '[';
    append_json_string(out, english);
    out += ',';
    append_json_string(out, said);
    out += ']';
  }
  return out + "]";
}

}  // namespace asyncplay::words
