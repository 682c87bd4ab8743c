#pragma once
// Phrases: the fixed English pieces the runtime's layers put in a trace (what
// a task waits for, what woke it: "JoinHandle of task", "timer", "data"),
// each with its words in another language. The layers that say them stay in
// English (the native program speaks English); a catalogue of another
// language says them again through in_words(). A piece it does not know is
// left as it is.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace asyncplay::words {

class Phrases {
 public:
  Phrases() = default;  // none: every text stays as it is
  explicit Phrases(std::vector<std::pair<std::string_view, std::string_view>> pairs);

  // `text` with each known phrase in this table's words. A phrase is matched
  // whole, between non-letters, the longest first ("credit (the reader is a
  // window behind)" before "credit"); what is between them stays.
  std::string in_words(std::string_view text) const;
  // The table as [[english, words], ...] JSON, for the page's view (which
  // says the same pieces again with view/phrases.js).
  std::string to_json() const;

 private:
  std::vector<std::pair<std::string_view, std::string_view>> pairs_;  // longest English first
};

}  // namespace asyncplay::words
