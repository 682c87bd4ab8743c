// The async chat server's bookkeeping, without sockets: what a connection is
// owed, in what order, and what a slow or departed member costs the others.
#include "chat/mailbox.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "chat/protocol.hpp"
#include "runtime/executor.hpp"
#include "runtime/task.hpp"

using namespace asyncplay;
using namespace asyncplay::chat;

namespace {

std::string message(const std::string& g, const std::string& m) { return encode(FromServer(Message{g, m})); }
std::string error(const std::string& text) { return encode(FromServer(ServerError{text})); }

std::string take_all(Mailbox& box) {
  std::string out;
  box.take(out, SIZE_MAX);
  return out;
}

class MailboxTest : public ::testing::Test {
 protected:
  Limits small() {
    Limits limits;
    limits.group_capacity = 3;
    return limits;
  }
  void post(Group& g, const std::string& m) { g.post(m, groups.stamp()); }

  GroupTable groups{small()};
  Group& room = *groups.get_or_create("room");
  Group& hall = *groups.get_or_create("hall");
};

}  // namespace

TEST_F(MailboxTest, AMemberIsOwedWhatIsPostedAfterItJoinedInOrder) {
  post(room, "before");
  Mailbox box(groups);
  box.join(room);
  post(room, "one");
  post(room, "two");
  EXPECT_EQ(take_all(box), message("room", "one") + message("room", "two"));
  EXPECT_EQ(take_all(box), "");
}

TEST_F(MailboxTest, JoiningTwiceGivesOneCopy) {
  Mailbox box(groups);
  box.join(room);
  box.join(room);
  EXPECT_TRUE(box.is_member(room));
  EXPECT_FALSE(box.is_member(hall));
  post(room, "once");
  EXPECT_EQ(take_all(box), message("room", "once"));
}

TEST_F(MailboxTest, AReplyGoesAfterTheLinesPostedBeforeItAndBeforeThoseAfter) {
  Mailbox box(groups);
  box.join(room);
  box.join(hall);
  post(room, "r1");
  post(hall, "h1");
  box.reply("first");
  post(room, "r2");
  box.reply("second");
  post(hall, "h2");
  std::string out = take_all(box);
  auto at = [&](const std::string& line) { return out.find(line); };
  ASSERT_NE(at(error("first")), std::string::npos) << out;
  ASSERT_NE(at(error("second")), std::string::npos) << out;
  EXPECT_LT(at(message("room", "r1")), at(error("first")));
  EXPECT_LT(at(message("hall", "h1")), at(error("first")));
  EXPECT_LT(at(error("first")), at(message("room", "r2")));
  EXPECT_LT(at(message("room", "r2")), at(error("second")));
  EXPECT_LT(at(error("second")), at(message("hall", "h2")));
  EXPECT_EQ(box.replies_queued(), 0u);
}

TEST_F(MailboxTest, LinesOfDifferentGroupsComeInTheOrderTheyWerePosted) {
  Mailbox box(groups);
  box.join(room);
  box.join(hall);
  post(room, "1");
  post(hall, "2");
  post(hall, "3");
  post(room, "4");
  post(hall, "5");
  EXPECT_EQ(take_all(box), message("room", "1") + message("hall", "2") + message("hall", "3") +
                               message("room", "4") + message("hall", "5"));
}

TEST_F(MailboxTest, ABusyGroupDoesNotStarveAQuietOneWhenTakingLittleAtATime) {
  Mailbox box(groups);
  box.join(room);
  box.join(hall);
  post(room, "r1");
  post(room, "r2");
  post(hall, "h1");
  post(room, "r3");
  std::string first, second;
  box.take(first, 1);  // one line per take
  box.take(second, 1);
  EXPECT_EQ(first, message("room", "r1"));
  EXPECT_EQ(second, message("room", "r2"));
  std::string third;
  box.take(third, 1);
  EXPECT_EQ(third, message("hall", "h1"));  // its turn came by its stamp
}

TEST_F(MailboxTest, AfterCloseLinesOverwrittenLaterAreNotCountedAsDropped) {
  Mailbox slow(groups);
  Mailbox poster(groups);
  slow.join(room);
  poster.join(room);  // keeps the ring alive after `slow` closes
  post(room, "owed");
  slow.close();
  for (int i = 0; i < 10; ++i) post(room, "after close " + std::to_string(i));  // wraps the ring of 3
  EXPECT_EQ(take_all(slow), error("Dropped 1 messages from room."));
  EXPECT_EQ(take_all(slow), "");
}

TEST_F(MailboxTest, TakeStopsOnceTheLimitIsReachedAndGoesOnNextTime) {
  Mailbox box(groups);
  box.join(room);
  post(room, "a");
  post(room, "b");
  post(room, "c");
  std::string out;
  box.take(out, 1);  // at least one line, even past the limit
  EXPECT_EQ(out, message("room", "a"));
  out.clear();
  box.take(out, message("room", "b").size() + 1);
  EXPECT_EQ(out, message("room", "b") + message("room", "c"));
}

TEST_F(MailboxTest, AMemberThatFellBehindTheRingIsToldHowManyItMissed) {
  Mailbox slow(groups);
  Mailbox fast(groups);
  slow.join(room);
  fast.join(room);
  for (int i = 0; i < 5; ++i) {
    post(room, std::to_string(i));
    EXPECT_EQ(take_all(fast), message("room", std::to_string(i)));  // the others lose nothing
  }
  EXPECT_EQ(take_all(slow), error("Dropped 2 messages from room.") + message("room", "2") + message("room", "3") +
                                message("room", "4"));
}

TEST_F(MailboxTest, AfterCloseOnlyWhatCameBeforeIsOwed) {
  Mailbox box(groups);
  box.join(room);
  post(room, "kept");
  box.reply("also kept");
  box.close();
  post(room, "too late");
  EXPECT_TRUE(box.is_closed());
  EXPECT_EQ(take_all(box), message("room", "kept") + error("also kept"));
  EXPECT_EQ(take_all(box), "");
}

TEST_F(MailboxTest, WhenTheLastMemberLeavesTheGroupHoldsNothing) {
  auto first = std::make_unique<Mailbox>(groups);
  auto second = std::make_unique<Mailbox>(groups);
  first->join(room);
  second->join(room);
  post(room, "x");
  first.reset();
  post(room, "y");
  EXPECT_EQ(take_all(*second), message("room", "x") + message("room", "y"));
  second.reset();
  EXPECT_EQ(room.lines().oldest_seq(), room.lines().next_seq());  // freed
  post(room, "to nobody");  // not kept: nobody would read it
  EXPECT_EQ(room.lines().oldest_seq(), room.lines().next_seq());
  Mailbox later(groups);
  later.join(room);
  post(room, "z");
  EXPECT_EQ(take_all(later), message("room", "z"));
}

TEST_F(MailboxTest, TheWriterIsWokenByAPostAReplyAndClose) {
  Executor executor;
  Mailbox box(groups);
  box.join(room);
  int wakes = 0;
  auto writer = executor.spawn([](Mailbox& b, int& n) -> Task<void> {
    for (int i = 0; i < 3; ++i) {
      co_await b.changed().notified();
      ++n;
    }
  }(box, wakes));
  executor.run_until_idle();
  EXPECT_EQ(wakes, 0);
  post(room, "p");
  executor.run_until_idle();
  EXPECT_EQ(wakes, 1);
  box.reply("r");
  executor.run_until_idle();
  EXPECT_EQ(wakes, 2);
  Mailbox other(groups);
  other.join(hall);
  post(hall, "kept for another member only");
  executor.run_until_idle();
  EXPECT_EQ(wakes, 2);
  box.close();
  executor.run_until_idle();
  EXPECT_EQ(wakes, 3);
  EXPECT_TRUE(writer.is_finished());
}

// Whether `box` has been told that something changed since it was last asked
// (a notification waiting: its writer's next wait would end at once).
bool told(Executor& executor, Mailbox& box) {
  auto asked = executor.spawn([](Mailbox& b) -> Task<void> { co_await b.changed().notified(); }(box));
  executor.run_until_idle();
  if (asked.is_finished()) return true;
  asked.cancel();
  executor.run_until_idle();
  return false;
}

// A post tells only the members that had nothing owed; a member still owed
// lines is not told again (its writer takes again before it waits), so a
// burst of posts wakes each writer once. Members take, leave and join at
// random; each is told exactly when it should be and gets every line.
TEST_F(MailboxTest, APostTellsExactlyTheMembersThatWereOwedNothingAndNoLineIsLost) {
  Executor executor;
  GroupTable big{Limits{}};
  Group& crowd = *big.get_or_create("crowd");
  struct Member {
    std::unique_ptr<Mailbox> box;
    std::string got, want;
    bool owed_nothing = true;  // since its last take() gave it all
  };
  std::vector<Member> members(6);
  for (auto& m : members) {
    m.box = std::make_unique<Mailbox>(big);
    m.box->join(crowd);
  }
  std::mt19937 random(5);
  for (int step = 0; step < 400; ++step) {
    Member& m = members[random() % members.size()];
    switch (random() % 4) {
      case 0:
      case 1: {  // a post
        std::string text = "line " + std::to_string(step);
        crowd.post(text, big.stamp());
        for (auto& each : members) {
          each.want += message("crowd", text);
          ASSERT_EQ(told(executor, *each.box), each.owed_nothing) << "step " << step;
          each.owed_nothing = false;
        }
        break;
      }
      case 2:  // a writer takes all it is owed
        m.got += take_all(*m.box);
        m.owed_nothing = true;
        break;
      case 3:  // a member leaves, owed lines or not, and another joins
        m.got += take_all(*m.box);
        ASSERT_EQ(m.got, m.want) << "step " << step;
        m = Member{std::make_unique<Mailbox>(big), "", "", true};
        m.box->join(crowd);
        break;
    }
  }
  for (auto& m : members) {
    m.got += take_all(*m.box);
    EXPECT_EQ(m.got, m.want);
  }
}
