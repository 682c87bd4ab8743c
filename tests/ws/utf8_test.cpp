#include "ws/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace asyncplay::ws;
using namespace std::string_literals;

TEST(Utf8, AsciiAndWellFormedMultiByteTextIsValid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("hello, world and a long enough run to use the 8-byte path"));
  EXPECT_TRUE(is_valid_utf8("\0"s));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9"));                  // U+00E9
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));                 // U+20AC
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));             // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));                 // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));                 // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));             // U+10FFFF, the last code point
  EXPECT_TRUE(is_valid_utf8("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));  // "kosme" in Greek
}

TEST(Utf8, StrayContinuationBytesAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("abc\xbf"));
}

TEST(Utf8, OverlongFormsAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xc1\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xe0\x9f\xbf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));
}

TEST(Utf8, SurrogatesAndCodePointsAbove10FFFFAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xed\xbf\xbf"));      // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xfe"));
}

TEST(Utf8, TruncatedCharactersAreInvalid) {
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xf0\x9f\x98"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x82 and more"));
}

TEST(Utf8Validator, ACharacterMaySpanFeeds) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("ok \xf0\x9f"));
  EXPECT_FALSE(v.complete()) << "inside a character";
  EXPECT_TRUE(v.feed("\x98"));
  EXPECT_TRUE(v.feed("\x80"));
  EXPECT_TRUE(v.complete());
}

TEST(Utf8Validator, TheNarrowBoundsAfterALeadByteHoldAcrossFeeds) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("\xed"));
  EXPECT_FALSE(v.feed("\xa0")) << "a surrogate, split after its lead byte";
  Utf8Validator w;
  EXPECT_TRUE(w.feed("\xe0"));
  EXPECT_FALSE(w.feed("\x80")) << "an overlong form, split after its lead byte";
}

TEST(Utf8Validator, FailsAtTheFirstBadByteAndStaysFailed) {
  Utf8Validator v;
  EXPECT_FALSE(v.feed("valid so far \xff then more"));
  EXPECT_TRUE(v.failed());
  EXPECT_FALSE(v.feed("fine"));
  EXPECT_FALSE(v.complete());
  v.reset();
  EXPECT_TRUE(v.feed("fine"));
  EXPECT_TRUE(v.complete());
}

TEST(Utf8Validator, EveryByteSplitOfValidTextIsAccepted) {
  std::string text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z0123456789";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    Utf8Validator v;
    EXPECT_TRUE(v.feed(text.substr(0, cut)));
    EXPECT_TRUE(v.feed(text.substr(cut)));
    EXPECT_TRUE(v.complete()) << "cut at " << cut;
  }
}
