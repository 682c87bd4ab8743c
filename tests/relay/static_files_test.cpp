#include "relay/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace asyncplay::relay;
namespace fs = std::filesystem;

namespace {
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("asyncplay-static-" + std::to_string(::getpid()));
    fs::create_directories(root / "site" / "sub");
    write(root / "site" / "index.html", "<p>home");
    write(root / "site" / "app.wasm", "\0asm");
    write(root / "site" / "sub" / "index.html", "<p>sub");
    write(root / "site" / ".secret", "no");
    write(root / "outside.txt", "no");
    fs::create_symlink(root / "outside.txt", root / "site" / "link.txt");
  }
  void TearDown() override { fs::remove_all(root); }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  std::string site() const { return (root / "site").string(); }
  fs::path root;
};
}  // namespace

TEST_F(StaticFilesTest, ServesFilesWithTheirContentTypeAndIndexForDirectories) {
  auto home = find_static_file(site(), "/");
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(fs::path(home->path).filename(), "index.html");
  EXPECT_EQ(home->content_type, "text/html; charset=utf-8");
  auto wasm = find_static_file(site(), "/app.wasm?v=3");
  ASSERT_TRUE(wasm.ok());
  EXPECT_EQ(wasm->content_type, "application/wasm");
  EXPECT_TRUE(find_static_file(site(), "/sub/").ok());
}

TEST_F(StaticFilesTest, RefusesTraversalHiddenFilesAndSymlinksLeadingOut) {
  for (const char* bad : {"/../outside.txt", "/%2e%2e/outside.txt", "/sub/../../outside.txt", "/.secret",
                          "/link.txt", "/missing.html", "/sub\\..\\..\\outside.txt", "/%2e%2e%2foutside.txt"}) {
    auto r = find_static_file(site(), bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_TRUE(find_static_file(site(), "/a%00b").error().is(std::errc::invalid_argument));
}
