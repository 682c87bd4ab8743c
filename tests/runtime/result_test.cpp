#include "runtime/result.hpp"

#include <gtest/gtest.h>

using namespace asyncplay;

TEST(Result, HoldsAValueOrAnError) {
  Result<int> good(3);
  Result<int> bad(Error(std::errc::connection_refused, "connect 127.0.0.1:9"));
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(std::errc::connection_refused));
}

TEST(Result, ErrorMessageSaysWhatWasBeingDoneAndWhatWentWrong) {
  Error e(std::errc::connection_refused, "connect 127.0.0.1:9");
  EXPECT_EQ(e.message(), "connect 127.0.0.1:9: " + std::make_error_code(std::errc::connection_refused).message());
  EXPECT_EQ(e.within("get http://x/").context(), "get http://x/: connect 127.0.0.1:9");
}

// A sentence (the whole of what a person reads) stays one when more context
// is said before it: no errno words are tacked on at the end.
TEST(Result, ASentenceWithContextBeforeItIsStillASentence) {
  Error refused = Error::sentence(std::errc::permission_denied, "connect 127.0.0.1:9 via relay R: not allowed");
  EXPECT_EQ(refused.within("get(http://127.0.0.1:9/)").message(),
            "get(http://127.0.0.1:9/): connect 127.0.0.1:9 via relay R: not allowed");
  EXPECT_TRUE(refused.within("get").is(std::errc::permission_denied));
}

TEST(Result, ValueOnAnErrorThrowsFailureCarryingTheError) {
  Result<int> bad(Error(std::errc::timed_out, "read"));
  try {
    (void)bad.value();
    FAIL() << "value() did not throw";
  } catch (const Failure& f) {
    EXPECT_TRUE(f.error().is(std::errc::timed_out));
  }
  Result<void> bad_void(Error(std::errc::timed_out, "write"));
  EXPECT_THROW(bad_void.value(), Failure);
  EXPECT_NO_THROW(Result<void>().value());
}
