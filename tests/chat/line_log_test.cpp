// A chat group's lines laid end to end: what comes back out, in what runs,
// and how much memory the buffer keeps.
#include "chat/line_log.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>

using namespace asyncplay::chat;

namespace {

// Every held line, joined, by taking runs with no stamp or size bound.
std::string all_runs(const LineLog& log) {
  std::string out;
  for (std::uint64_t seq = log.oldest_seq(); seq < log.next_seq();) {
    out += log.run(seq, log.next_seq(), UINT64_MAX, SIZE_MAX, seq);
  }
  return out;
}

}  // namespace

TEST(LineLog, KeepsTheLastCapacityLinesNumberedAndStamped) {
  LineLog log(3);
  for (int i = 0; i < 5; ++i) log.push(100 + i, "line " + std::to_string(i) + "\n");
  EXPECT_EQ(log.next_seq(), 5u);
  EXPECT_EQ(log.oldest_seq(), 2u);
  EXPECT_EQ(log.line(2), "line 2\n");
  EXPECT_EQ(log.line(4), "line 4\n");
  EXPECT_EQ(log.stamp(3), 103u);
  EXPECT_EQ(all_runs(log), "line 2\nline 3\nline 4\n");
}

TEST(LineLog, ARunEndsAtUntilAtTheStampBeforeAndAtTheLimit) {
  LineLog log(10);
  for (int i = 0; i < 6; ++i) log.push(10 * i, "ab\n");  // stamps 0, 10, ..., 50
  std::uint64_t through = 0;
  EXPECT_EQ(log.run(0, 6, UINT64_MAX, SIZE_MAX, through), "ab\nab\nab\nab\nab\nab\n");
  EXPECT_EQ(through, 6u);
  EXPECT_EQ(log.run(1, 3, UINT64_MAX, SIZE_MAX, through), "ab\nab\n");
  EXPECT_EQ(through, 3u);
  // Lines stamped from 30 on are not in it.
  EXPECT_EQ(log.run(0, 6, 30, SIZE_MAX, through), "ab\nab\nab\n");
  EXPECT_EQ(through, 3u);
  // Lines are added while the run is under the limit: 7 bytes take three.
  EXPECT_EQ(log.run(0, 6, UINT64_MAX, 7, through), "ab\nab\nab\n");
  EXPECT_EQ(through, 3u);
  // The first line always, whatever the limit and its stamp.
  EXPECT_EQ(log.run(2, 6, 0, 0, through), "ab\n");
  EXPECT_EQ(through, 3u);
}

// Lines of random lengths (empty ones, and some far longer than the rest)
// through a small log: every line held reads back as pushed, runs cover them
// all in order, and the buffer never grows past a quarter more than the
// most they have needed, in whole pages (how it shrinks again is the next
// test's).
TEST(LineLog, RandomLinesReadBackAsPushedWhileTheBufferMovesAndResizes) {
  std::mt19937 random(17);
  for (std::size_t capacity : {1, 2, 7, 64}) {
    LineLog log(capacity);
    std::deque<std::string> held;
    std::size_t peak = 0;
    for (int i = 0; i < 3000; ++i) {
      std::size_t length = random() % 10 == 0 ? random() % 20000 : random() % 200;
      std::string line(length, static_cast<char>('a' + i % 26));
      log.push(static_cast<std::uint64_t>(i), line);
      held.push_back(line);
      if (held.size() > capacity) held.pop_front();

      ASSERT_EQ(log.next_seq() - log.oldest_seq(), held.size());
      std::string joined;
      std::size_t need = 0;
      for (std::size_t k = 0; k < held.size(); ++k) {
        ASSERT_EQ(log.line(log.oldest_seq() + k), held[k]) << "capacity " << capacity << ", push " << i;
        joined += held[k];
        need += held[k].size();
      }
      ASSERT_EQ(all_runs(log), joined);
      // A run with random bounds is what taking line by line would give,
      // until the first line that does not follow the one before in memory.
      std::uint64_t from = log.oldest_seq() + random() % held.size();
      std::uint64_t until = from + 1 + random() % (log.next_seq() - from);
      std::uint64_t before = static_cast<std::uint64_t>(i) - random() % (held.size() + 1);
      std::size_t limit = random() % 30000;
      std::uint64_t through = 0;
      std::string_view got = log.run(from, until, before, limit, through);
      std::string want(log.line(from));
      std::uint64_t seq = from + 1;
      for (; seq < until && want.size() < limit && log.stamp(seq) < before; ++seq) {
        if (log.line(seq).data() != got.data() + want.size()) break;  // not next in memory
        want += log.line(seq);
      }
      ASSERT_EQ(got, want) << "capacity " << capacity << ", push " << i;
      ASSERT_EQ(through, seq);
      peak = std::max(peak, need);
      ASSERT_LE(log.buffer_size(), std::max<std::size_t>(4096, peak + peak / 4 + 4096));
    }
  }
}

TEST(LineLog, TheBufferShrinksOnceLongLinesAreGone) {
  LineLog log(10);
  for (int i = 0; i < 10; ++i) log.push(i, std::string(60000, 'x'));
  EXPECT_GE(log.buffer_size(), 600000u);
  // Ten short lines push the long ones out; the buffer is smaller once the
  // writing has gone round to its front again.
  for (int i = 0; i < 20000; ++i) log.push(10 + i, std::string(100, 'y'));
  EXPECT_EQ(log.buffer_size(), 4096u);
  EXPECT_EQ(all_runs(log), std::string(1000, 'y'));
}

TEST(LineLog, ClearGivesTheMemoryBackAndNumberingGoesOn) {
  LineLog log(4);
  log.push(1, "one\n");
  log.push(2, "two\n");
  log.clear();
  EXPECT_EQ(log.buffer_size(), 0u);
  EXPECT_EQ(log.oldest_seq(), 2u);
  EXPECT_EQ(log.next_seq(), 2u);
  log.push(3, "three\n");
  EXPECT_EQ(log.line(2), "three\n");
  EXPECT_EQ(log.stamp(2), 3u);
}
