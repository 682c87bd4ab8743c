// printable()/one_line(): what a peer sent, safe for one log line.
#include "net/printable.hpp"

#include <gtest/gtest.h>

#include "ws/utf8.hpp"

using asyncplay::net::one_line;
using asyncplay::net::printable;

TEST(Printable, KeepsPlainTextAndWellFormedUtf8) {
  EXPECT_EQ(printable("127.0.0.1:7878"), "127.0.0.1:7878");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(printable(""), "");
}

// The forged entry of the relay's log: a newline, then a line that looks like ours.
TEST(Printable, NoPeerTextCanEndTheLine) {
  std::string forged = "x\nrelay: 10.0.0.1:1234 -> secret.internal:22\r\n";
  std::string safe = printable(forged);
  EXPECT_EQ(safe, "x\\nrelay: 10.0.0.1:1234 -> secret.internal:22\\r\\n");
  EXPECT_EQ(safe.find_first_of("\r\n"), std::string::npos);
  EXPECT_EQ(printable("a\tb\x1b[2Jc\x7f"), "a\\tb\\x1b[2Jc\\x7f") << "tab, an escape sequence, DEL";
  EXPECT_EQ(printable(std::string("nul\0here", 8)), "nul\\x00here");
}

TEST(Printable, EscapesTheBackslashSoEscapesAreUnambiguous) {
  EXPECT_EQ(printable("a\\nb"), "a\\\\nb") << "a typed backslash-n is not a newline";
}

TEST(Printable, BytesThatAreNotUtf8AreShownInHex) {
  EXPECT_EQ(printable("\xff\xfe:80"), "\\xff\\xfe:80");
  EXPECT_EQ(printable("\xc3"), "\\xc3") << "a character cut short";
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf") << "an overlong '/'";
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a UTF-16 surrogate";
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80") << "past U+10FFFF";
  EXPECT_EQ(printable("ok\x80ok"), "ok\\x80ok") << "a stray continuation byte";
}

// Characters that reorder or break what follows them on the operator's screen.
TEST(Printable, EscapesC1ControlsSeparatorsAndBidiControls) {
  EXPECT_EQ(printable("\xc2\x85"), "\\u{0085}") << "NEL";
  EXPECT_EQ(printable("a\xe2\x80\xa8" "b"), "a\\u{2028}b") << "LINE SEPARATOR";
  EXPECT_EQ(printable("\xe2\x80\xae" "gpj.exe"), "\\u{202e}gpj.exe") << "RIGHT-TO-LEFT OVERRIDE";
  EXPECT_EQ(printable("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u{2066}x\\u{2069}") << "isolates";
  EXPECT_EQ(printable("ad\xe2\x80\x8bmin"), "ad\\u{200b}min") << "a zero-width space hiding in a name";
  EXPECT_EQ(printable("\xef\xbb\xbfx"), "\\u{feff}x") << "BOM";
  EXPECT_EQ(printable("\xf3\xa0\x80\x81"), "\\u{e0001}") << "a tag character";
}

TEST(Printable, CutsBetweenCharactersAndSaysSo) {
  std::string cut = printable(std::string(100, 'a'), 20);
  EXPECT_EQ(cut, std::string(17, 'a') + "...");
  std::string euros;
  for (int i = 0; i < 20; ++i) euros += "\xe2\x82\xac";
  std::string cut_euros = printable(euros, 20);
  EXPECT_LE(cut_euros.size(), 20u);
  EXPECT_TRUE(asyncplay::ws::is_valid_utf8(cut_euros));
  EXPECT_EQ(cut_euros.substr(cut_euros.size() - 3), "...");
  std::string cut_escapes = printable(std::string(20, '\n'), 10);
  EXPECT_EQ(cut_escapes, "\\n\\n\\n...") << "never half an escape";
  EXPECT_EQ(printable(std::string(20, 'a'), 20), std::string(20, 'a')) << "what fits exactly is not cut";
  EXPECT_EQ(printable("abcdef", 2), "..") << "never longer than asked";
}

// Whatever comes in, what goes out is valid UTF-8 with no control character.
TEST(Printable, EveryByteStringComesOutValidAndOnOneLine) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  for (std::string input : {all, all + all.substr(0x80), std::string("\xe2\x82")}) {
    std::string out = printable(input, 4096);
    EXPECT_TRUE(asyncplay::ws::is_valid_utf8(out));
    for (unsigned char c : out) EXPECT_TRUE(c >= 0x20 && c != 0x7f) << int(c);
  }
}

TEST(OneLine, KeepsBackslashesOfPartsAlreadyEscaped) {
  std::string reason = printable("x\ny");  // "x\\ny", as a close reason holds it
  EXPECT_EQ(one_line("closed 4003 target " + reason + " not allowed"), "closed 4003 target x\\ny not allowed");
  EXPECT_EQ(one_line("still\none line"), "still\\none line");
}
