#include "net/line_buffer.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace asyncplay::net;

namespace {
void feed(LineBuffer& b, const std::string& s) { b.append({s.data(), s.size()}); }
std::string line_of(std::optional<LineBuffer::Line> l) { return l && l->ok() && **l ? ***l : "<none>"; }
}  // namespace

TEST(LineBuffer, SplitsLinesAndStripsCrLf) {
  LineBuffer b(100);
  feed(b, "one\r\ntwo\nthr");
  EXPECT_EQ(line_of(b.take_line()), "one");
  EXPECT_EQ(line_of(b.take_line()), "two");
  EXPECT_FALSE(b.take_line());
  feed(b, "ee\n");
  EXPECT_EQ(line_of(b.take_line()), "three");
  EXPECT_EQ(b.buffered(), 0u);
}

TEST(LineBuffer, AnOverLongLineIsReportedOnceAndSkippedWithoutBeingKept) {
  LineBuffer b(8);
  feed(b, "0123456789");  // no newline yet, already too long
  auto r = b.take_line();
  ASSERT_TRUE(r && !r->ok());
  EXPECT_TRUE(r->error().is(std::errc::message_size));
  EXPECT_EQ(b.buffered(), 0u) << "the over-long line must not be kept";
  feed(b, std::string(1000, 'x'));
  EXPECT_FALSE(b.take_line());
  EXPECT_EQ(b.buffered(), 0u);
  feed(b, "xx\nok\n");
  EXPECT_EQ(line_of(b.take_line()), "ok");
}

TEST(LineBuffer, ACompleteLineOverTheLimitIsRefusedAndTheNextOneServed) {
  LineBuffer b(4);
  feed(b, "toolong\nfine\n");
  auto r = b.take_line();
  ASSERT_TRUE(r && !r->ok());
  EXPECT_EQ(line_of(b.take_line()), "fine");
}

TEST(LineBuffer, TheLastLineWithoutNewlineIsGivenAtTheEnd) {
  LineBuffer b(100);
  feed(b, "tail");
  EXPECT_FALSE(b.take_line());
  auto last = b.take_last();
  ASSERT_TRUE(last.ok() && *last);
  EXPECT_EQ(**last, "tail");
  auto end = b.take_last();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
}

TEST(LineBuffer, ALineArrivingAByteAtATimeIsFoundOnceComplete) {
  LineBuffer b(100000);
  std::string line(50000, 'a');
  for (char c : line) {
    b.append({&c, 1});
    EXPECT_FALSE(b.take_line());
  }
  char newline = '\n';
  b.append({&newline, 1});
  EXPECT_EQ(line_of(b.take_line()), line);
  feed(b, "next\n");
  EXPECT_EQ(line_of(b.take_line()), "next");
}
