#include "runtime/seq_ring.hpp"

#include <gtest/gtest.h>

#include <string>

using asyncplay::SeqRing;

TEST(SeqRingTest, ItemsAreNumberedFromZeroAndReadBackByNumber) {
  SeqRing<std::string> ring(4);
  EXPECT_EQ(ring.next_seq(), 0u);
  EXPECT_EQ(ring.oldest_seq(), 0u);
  ring.push("a");
  ring.push("b");
  EXPECT_EQ(ring.oldest_seq(), 0u);
  EXPECT_EQ(ring.next_seq(), 2u);
  EXPECT_EQ(ring.at(0), "a");
  EXPECT_EQ(ring.at(1), "b");
}

TEST(SeqRingTest, PastCapacityTheOldestAreOverwritten) {
  SeqRing<int> ring(3);
  for (int i = 0; i < 10; ++i) ring.push(i);
  EXPECT_EQ(ring.next_seq(), 10u);
  EXPECT_EQ(ring.oldest_seq(), 7u);
  for (std::uint64_t seq = 7; seq < 10; ++seq) EXPECT_EQ(ring.at(seq), static_cast<int>(seq));
}

TEST(SeqRingTest, ClearingForgetsEverythingButTheNumberingGoesOn) {
  SeqRing<int> ring(3);
  for (int i = 0; i < 5; ++i) ring.push(i);
  ring.clear();
  EXPECT_EQ(ring.oldest_seq(), 5u);
  EXPECT_EQ(ring.next_seq(), 5u);
  ring.push(50);
  ring.push(60);
  EXPECT_EQ(ring.oldest_seq(), 5u);
  EXPECT_EQ(ring.at(5), 50);
  EXPECT_EQ(ring.at(6), 60);
  for (int i = 0; i < 4; ++i) ring.push(70 + i);  // wraps again after a clear
  EXPECT_EQ(ring.oldest_seq(), 8u);
  EXPECT_EQ(ring.at(8), 71);
  EXPECT_EQ(ring.at(10), 73);
}
