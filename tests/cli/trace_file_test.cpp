// `--trace FILE`: the program writes its run in the Chrome trace event format
// (what Perfetto's UI and chrome://tracing open), checked here against the
// format's rules: phases, ids, tracks, and flows from each wake to the poll
// it led to; and the await sites against the source file itself.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runtime/join.hpp"
#include "runtime/time/sleep.hpp"
#include "support/net_fixture.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
using asyncplay::net::TcpListener;
using asyncplay::net::TcpStream;
using nlohmann::json;

namespace {

const std::string kBinary = ASYNCPLAY_BINARY;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The line of the first line in `file` holding `text` (1-based), or 0.
int line_of(const std::string& file, const std::string& text) {
  std::istringstream lines(slurp(file));
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (line.find(text) != std::string::npos) return n;
  }
  return 0;
}

Task<void> answer_once(TcpListener& listener) {
  auto socket = (co_await listener.accept()).value();
  std::string request;
  (co_await socket.read_to_string(request)).value();
  (void)co_await socket.write_all("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
}

std::string temp_path(const char* name) {
  return ::testing::TempDir() + "/" + name + std::to_string(::getpid()) + ".json";
}

// Checks the Chrome trace event format's rules that Perfetto relies on.
void expect_well_formed(const json& trace) {
  ASSERT_TRUE(trace.is_array());
  std::map<std::uint64_t, const json*> starts, ends;
  for (const json& e : trace) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("tid") && e.contains("ts")) << e;
    std::string ph = e["ph"];
    ASSERT_TRUE(std::set<std::string>({"M", "X", "i", "s", "f"}).count(ph)) << e;
    EXPECT_TRUE(e["ts"].is_number()) << e;
    if (ph == "X") {
      EXPECT_TRUE(e["dur"].is_number() && e["dur"] >= 0) << e;
    }
    if (ph == "s") starts[e["id"]] = &e;
    if (ph == "f") {
      ends[e["id"]] = &e;
      EXPECT_EQ(e["bp"], "e") << e;
    }
  }
  EXPECT_FALSE(ends.empty()) << "no wake led to a poll";
  for (auto& [id, end] : ends) {
    ASSERT_TRUE(starts.count(id)) << "flow " << id << " ends but never starts";
    EXPECT_LE((*starts[id])["ts"].get<double>(), (*end)["ts"].get<double>()) << "a wake after the poll it led to";
    // The flow's end binds to the poll slice that starts there, on the same track.
    bool bound = false;
    for (const json& e : trace) {
      if (e["ph"] == "X" && e["tid"] == (*end)["tid"] && e["ts"] == (*end)["ts"]) bound = true;
    }
    EXPECT_TRUE(bound) << "flow " << id << " ends where no poll starts: " << *end;
  }
}

}  // namespace

class TraceFileTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(executor.live_tasks(), 0u); }
  Executor executor;
};

TEST_F(TraceFileTest, GetWritesItsPollsWakesAndAwaitSites) {
  auto listener = listen_local();
  auto port = std::to_string(listener.local_addr().port());
  std::string path = temp_path("get-trace");
  auto [served, ran] = run(executor, join(answer_once(listener),
                                          shell(kBinary + " get --trace " + path + " 127.0.0.1 " + port + " /x")));
  ASSERT_EQ(ran.status, 0) << ran.output;
  json trace = json::parse(slurp(path));  // throws, failing the test, if not whole JSON
  expect_well_formed(trace);

  std::string source = std::string(ASYNCPLAY_SOURCE_DIR) + "/src/http/cheapo_request.cpp";
  int connect_line = line_of(source, "co_await TcpStream::connect");
  int read_line = line_of(source, "co_await socket->read_to_string");
  ASSERT_GT(connect_line, 0);
  std::set<std::string> chains;
  std::set<std::string> names;
  for (const json& e : trace) {
    if (e["ph"] == "M" && e["name"] == "thread_name") names.insert(e["args"]["name"].get<std::string>());
    if (e["ph"] != "X" || e.value("cat", "") != "poll" || e["args"]["result"] != "Pending") continue;
    for (const json& site : e["args"]["await_chain"]) chains.insert(site.get<std::string>());
    EXPECT_FALSE(e["args"]["waits_for"].empty()) << e;
  }
  EXPECT_TRUE(chains.count("cheapo_request.cpp:" + std::to_string(connect_line) + " in cheapo_request"))
      << "the first poll stops at connect: " << json(chains);
  EXPECT_TRUE(chains.count("cheapo_request.cpp:" + std::to_string(read_line) + " in cheapo_request"))
      << json(chains);
  EXPECT_TRUE(names.count("task 1 block_on")) << json(names);
  std::remove(path.c_str());
}

TEST_F(TraceFileTest, AServerKilledBySigtermLeavesAWholeFile) {
  std::string path = temp_path("server-trace");
  auto ran = run(executor, shell("timeout --preserve-status -s TERM 0.5 " + kBinary + " chat-server --listen 127.0.0.1:0 --trace " + path));
  EXPECT_EQ(ran.status, 128 + SIGTERM) << ran.output;
  json trace = json::parse(slurp(path));
  ASSERT_TRUE(trace.is_array());
  bool accept_loop = false;
  for (const json& e : trace) {
    if (e["ph"] == "X" && e["args"].value("result", "") == "Pending") {
      for (const json& w : e["args"]["waits_for"]) accept_loop |= w.get<std::string>().rfind("readable fd", 0) == 0;
    }
  }
  EXPECT_TRUE(accept_loop) << "the accept loop waits for its listening socket";
  std::remove(path.c_str());
}

TEST_F(TraceFileTest, AFileThatCannotBeWrittenIsAClearError) {
  auto ran = run(executor, shell(kBinary + " demo --trace /nonexistent-dir/t.json"));
  EXPECT_EQ(ran.status, 1);
  EXPECT_NE(ran.output.find("--trace /nonexistent-dir/t.json: No such file or directory"), std::string::npos)
      << ran.output;
}
