// The page console's catalogues (wasm/console_words_*.cpp): each is whole,
// says the same {placeholders}, and the Spanish one is Spanish.
#include "wasm/console_words.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <regex>
#include <set>
#include <string>

using namespace asyncplay::wasm;

namespace {

std::set<std::string> placeholders(const char* text) {
  std::set<std::string> found;
  static const std::regex braces(R"(\{(\w+)\})");
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), braces); it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1]);
  }
  return found;
}

}  // namespace

TEST(ConsoleWords, TheFieldListNamesEveryField) {
  EXPECT_EQ(std::size(kConsoleWordFields) * sizeof(const char*), sizeof(ConsoleWords));
}

TEST(ConsoleWords, BothCataloguesAreWholeAndFillTheSamePlaceholders) {
  for (auto field : kConsoleWordFields) {
    const char* en = kEnglishWords.*field;
    const char* es = kSpanishWords.*field;
    ASSERT_NE(en, nullptr);
    ASSERT_NE(es, nullptr);
    EXPECT_NE(std::string(en), "") << "an empty English sentence";
    EXPECT_NE(std::string(es), "") << "an empty Spanish sentence";
    EXPECT_EQ(placeholders(en), placeholders(es)) << en << " / " << es;
  }
}

TEST(ConsoleWords, TheSpanishIsSpanish) {
  int same = 0;
  for (auto field : kConsoleWordFields) same += std::string(kEnglishWords.*field) == kSpanishWords.*field;
  EXPECT_EQ(same, 1) << "only 'relay: {url}' reads the same in both";
  EXPECT_NE(std::string(kSpanishWords.help).find("el capítulo 20 paso a paso"), std::string::npos);
}

TEST(ConsoleWords, TheLanguageIsChosenByItsTag) {
  EXPECT_EQ(&console_words("es"), &kSpanishWords);
  EXPECT_EQ(&console_words("es-MX"), &kSpanishWords);
  EXPECT_EQ(&console_words("en"), &kEnglishWords);
  EXPECT_EQ(&console_words("fr"), &kEnglishWords);
  EXPECT_EQ(&console_words(""), &kEnglishWords);
}

TEST(ConsoleWords, FillPutsValuesInAndLeavesUnknownKeys) {
  EXPECT_EQ(fill("connected to {target} via {relay}", {{"target", "a:1"}, {"relay", "ws://r"}}),
            "connected to a:1 via ws://r");
  EXPECT_EQ(fill("{n} and {m}", {{"n", "1"}}), "1 and {m}");
  EXPECT_EQ(fill("no braces"), "no braces");
  EXPECT_EQ(fill("half {open"), "half {open");
  EXPECT_EQ(fill("{x}{x}", {{"x", "{x}"}}), "{x}{x}") << "values are not filled again";
}
