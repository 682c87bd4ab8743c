#include "ws/close_code.hpp"

#include <gtest/gtest.h>

using namespace asyncplay::ws;

TEST(CloseCode, RegisteredAndApplicationCodesMayBeSent) {
  for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
    EXPECT_TRUE(is_sendable_close_code(static_cast<std::uint16_t>(code))) << code;
  }
}

TEST(CloseCode, ReservedAndLocalOnlyCodesMayNotBeSent) {
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_FALSE(is_sendable_close_code(static_cast<std::uint16_t>(code))) << code;
  }
}
