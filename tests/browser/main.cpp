// The wasm browser tests' main. Under Asyncify, once main has slept (any
// block_on does) its return value is lost and Node exits 0: a failing run
// looked green. Ending with exit() carries the status out.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  int status = RUN_ALL_TESTS();
  std::exit(status);
}
