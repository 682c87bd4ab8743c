// The `asyncplay` program as a person runs it: real processes, real sockets.
// The servers they talk to run on this test's executor while the program runs
// on the blocking pool.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "chat/server.hpp"
#include "runtime/join.hpp"
#include "runtime/never.hpp"
#include "runtime/spawn_blocking.hpp"
#include "runtime/time/sleep.hpp"
#include "support/net_fixture.hpp"
#include "support/redis_server.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
using asyncplay::net::TcpListener;
using asyncplay::net::TcpStream;

namespace {

const std::string kBinary = ASYNCPLAY_BINARY;

// Answers `count` requests, each after `delay`, concurrently.
Task<void> http_server(TcpListener& listener, int count, Clock::duration delay) {
  std::vector<JoinHandle<void>> answers;
  for (int i = 0; i < count; ++i) {
    auto socket = (co_await listener.accept()).value();
    answers.push_back(spawn([](TcpStream s, Clock::duration d) -> Task<void> {
      std::string request;
      (co_await s.read_to_string(request)).value();
      co_await sleep(d);
      (void)co_await s.write_all("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }(std::move(socket), delay)));
  }
  for (auto& a : answers) co_await a;
}

class CliTest : public ::testing::Test {
 protected:
  std::uint16_t start_chat_server() {
    auto listener = listen_local();
    auto port = listener.local_addr().port();
    chat::ServerOptions options;
    options.log = nullptr;
    server = executor.spawn(chat::serve_chat(std::move(listener), options));
    return port;
  }
  void TearDown() override {
    if (server) server->cancel();
    EXPECT_EQ(executor.live_tasks(), 0u);
  }
  Executor executor;
  std::optional<JoinHandle<void>> server;
};

}  // namespace

TEST_F(CliTest, ChatClientSendsCommandsAndPrintsRepliesInTheBooksWords) {
  auto port = std::to_string(start_chat_server());
  auto ran = run(executor, shell("printf 'join g\\npost g hi there\\npost nope x\\nwave g\\n' | " + kBinary +
                                 " chat 127.0.0.1:" + port));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("message posted to g: hi there\n"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("error from server: Group 'nope' does not exist\n"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("unknown command 'wave'"), std::string::npos) << ran.output;
}

TEST_F(CliTest, ChatClientEndsOnCtrlD) {
  auto port = std::to_string(start_chat_server());
  auto ran = run(executor, shell(kBinary + " chat 127.0.0.1:" + port + " < /dev/null"));
  EXPECT_EQ(ran.status, 0) << ran.output;
}

// The book's server never closes a connection that joined a group: after
// Ctrl-D the client ends once what was typed is written, not when the server
// closes (it used to wait for that forever).
TEST_F(CliTest, ChatClientEndsOnCtrlDEvenIfTheServerKeepsTheConnectionOpen) {
  auto listener = listen_local();
  auto port = std::to_string(listener.local_addr().port());
  std::string received;
  auto keeper = executor.spawn([](TcpListener& l, std::string& got) -> Task<void> {
    auto socket = (co_await l.accept()).value();
    (void)co_await socket.read_to_string(got);  // to the client's end of stream
    co_await never();                           // and never closes
  }(listener, received));
  auto ran = run(executor, shell("printf 'join g\\npost g bye\\n' | " + kBinary + " chat 127.0.0.1:" + port));
  keeper.cancel();
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(received, "{\"Join\":{\"group_name\":\"g\"}}\n{\"Post\":{\"group_name\":\"g\",\"message\":\"bye\"}}\n")
      << "everything typed was written before the end";
}

// Ours beside the book's commands: one typed line, a burst of numbered
// posts, written in order before the end of the stream.
TEST_F(CliTest, ChatClientRepeatWritesTheNumberedPostsInOrder) {
  auto listener = listen_local();
  auto port = std::to_string(listener.local_addr().port());
  std::string received;
  auto keeper = executor.spawn([](TcpListener& l, std::string& got) -> Task<void> {
    auto socket = (co_await l.accept()).value();
    (void)co_await socket.read_to_string(got);
  }(listener, received));
  auto ran = run(executor, shell("printf 'repeat 300 post g burst\\nrepeat 0 post g x\\npost g after\\n' | " + kBinary +
                                 " chat 127.0.0.1:" + port));
  run(executor, [](JoinHandle<void>& reader) -> Task<void> { co_await reader; }(keeper));  // to the end of stream
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("at least one repeat"), std::string::npos) << ran.output;
  std::string expected;
  for (int i = 1; i <= 300; ++i) expected += "{\"Post\":{\"group_name\":\"g\",\"message\":\"burst #" + std::to_string(i) + "\"}}\n";
  expected += "{\"Post\":{\"group_name\":\"g\",\"message\":\"after\"}}\n";
  EXPECT_EQ(received, expected);
}

// As the book's client: the usage on standard output, errors on standard error.
TEST_F(CliTest, ChatClientPrintsItsUsageOnStdoutAndErrorsOnStderr) {
  auto port = std::to_string(start_chat_server());
  // (In parentheses: shell() adds its own 2>&1 after the command.)
  auto out = run(executor, shell("(printf 'wave g\\n' | " + kBinary + " chat 127.0.0.1:" + port + " 2>/dev/null)"));
  EXPECT_NE(out.output.find("commands:\n  join GROUP\n"), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("unknown command"), std::string::npos) << out.output;
  auto err = run(executor, shell("(printf 'wave g\\n' | " + kBinary + " chat 127.0.0.1:" + port + " 2>&1 >/dev/null)"));
  EXPECT_NE(err.output.find("unknown command 'wave'"), std::string::npos) << err.output;
  EXPECT_EQ(err.output.find("commands:"), std::string::npos) << err.output;
}

TEST_F(CliTest, DevSaysWhichFlagPicksAnotherPortWhenOneIsTaken) {
  auto taken = listen_local();
  auto port = std::to_string(taken.local_addr().port());
  auto ran = run(executor, shell(kBinary + " dev --port 0 --http-port 0 --chat-port " + port));
  EXPECT_EQ(ran.status, 1) << ran.output;
  EXPECT_NE(ran.output.find("(choose another with --chat-port PORT, or 0 for any free port)"), std::string::npos)
      << ran.output;
}

TEST_F(CliTest, EverySubcommandTakesHelp) {
  for (const char* command : {"chat-server", "chat", "get", "relay", "dev", "demo"}) {
    auto ran = run(executor, shell("(" + kBinary + " " + command + " --help 2>/dev/null)"));
    EXPECT_EQ(ran.status, 0) << command << ": " << ran.output;
    EXPECT_EQ(ran.output.rfind(std::string("usage: asyncplay ") + command, 0), 0u) << ran.output;
  }
}

// --reuse-port: two chat servers (and two relays) on one port, the kernel
// giving each some of the connections; without it the second cannot bind.
TEST_F(CliTest, ServersWithReusePortShareOnePort) {
  std::uint16_t port;
  {
    auto l = listen_local();
    port = l.local_addr().port();
  }
  for (std::string command : {"chat-server --listen", "relay --allow 127.0.0.1:9 --listen"}) {
    std::string p = std::to_string(port);
    std::string script =
        "d=$(mktemp -d); trap 'kill $A $B 2>/dev/null; rm -rf \"$d\"' EXIT; "
        "b='" + kBinary + "'; "
        "$b " + command + " 127.0.0.1:" + p + " --reuse-port 2>$d/a & A=$!; "
        "$b " + command + " 127.0.0.1:" + p + " --reuse-port 2>$d/b & B=$!; "
        // Both listening (bounded: 10 s), then 32 connections, each closed at once.
        "for i in $(seq 200); do grep -q listening $d/a && grep -q listening $d/b && break; read -rt 0.05 <> <(:) || true; done; "
        "for i in $(seq 32); do exec 3<>/dev/tcp/127.0.0.1/" + p + "; printf 'GET /relay HTTP/1.0\\r\\n\\r\\n' >&3; exec 3>&-; done; "
        // Until both have logged what they saw of them (bounded: 10 s).
        "for i in $(seq 200); do n=$(cat $d/a $d/b | grep -c -E 'connected|bad request|refused|->'); [ \"$n\" -ge 32 ] && break; read -rt 0.05 <> <(:) || true; done; "
        "echo a=$(grep -c -E ' connected|bad request|refused|->' $d/a) b=$(grep -c -E ' connected|bad request|refused|->' $d/b); "
        "$b " + command + " 127.0.0.1:" + p + " 2>&1 | head -1";
    std::string path = ::testing::TempDir() + "reuse_port_test.sh";
    std::ofstream(path) << script << "\n";
    auto ran = run(executor, shell("bash " + path));
    int a = -1, b = -1;
    auto at = ran.output.find("a=");
    ASSERT_NE(at, std::string::npos) << ran.output;
    std::sscanf(ran.output.c_str() + at, "a=%d b=%d", &a, &b);
    EXPECT_GT(a, 0) << command << ": the first server got no connection\n" << ran.output;
    EXPECT_GT(b, 0) << command << ": the second server got no connection\n" << ran.output;
    EXPECT_NE(ran.output.find("Address already in use"), std::string::npos)
        << "a third without --reuse-port cannot bind:\n" << ran.output;
  }
}

// The issue's "done": Redis and two `asyncplay chat-server --redis` on two
// ports, a book client on each, one group. And with Redis unreachable at
// start, a clear error and a non-zero exit.
TEST_F(CliTest, TwoChatServerProcessesOverOneRedisAreOneChat) {
  RedisServer redis;
  std::uint16_t one, two;
  {
    auto a = listen_local();
    auto b = listen_local();
    one = a.local_addr().port();
    two = b.local_addr().port();
  }
  std::string r = std::to_string(redis.port());
  std::string script =
      "d=$(mktemp -d); trap 'kill $S1 $S2 $C1 $C2 2>/dev/null; rm -rf \"$d\"' EXIT; b='" + kBinary + "'; "
      "$b chat-server --listen 127.0.0.1:" + std::to_string(one) + " --redis redis://127.0.0.1:" + r + " 2>$d/s1 & S1=$!; "
      "$b chat-server --listen 127.0.0.1:" + std::to_string(two) + " --redis redis://127.0.0.1:" + r + " 2>$d/s2 & S2=$!; "
      "wait_for() { for i in $(seq 200); do eval \"$1\" && return 0; read -rt 0.05 <> <(:) || true; done; echo \"never: $1\"; return 1; }; "
      "wait_for 'grep -q listening $d/s1 && grep -q listening $d/s2'; "
      "mkfifo $d/in1 $d/in2; exec 5<>$d/in1 6<>$d/in2; "
      "$b chat 127.0.0.1:" + std::to_string(one) + " <$d/in1 >$d/out1 2>&1 & C1=$!; "
      "$b chat 127.0.0.1:" + std::to_string(two) + " <$d/in2 >$d/out2 2>&1 & C2=$!; "
      "echo 'join rust' >&5; echo 'join rust' >&6; "
      "wait_for '[ \"$(redis-cli -p " + r + " pubsub numsub asyncplay:group:rust | tail -1)\" = 2 ]'; "
      "echo 'post rust hello from the first server' >&5; "
      "wait_for 'grep -q \"message posted to rust: hello from the first server\" $d/out2'; "
      "echo 'post rust and back from the second' >&6; "
      "wait_for 'grep -q \"message posted to rust: and back from the second\" $d/out1'; "
      "cat $d/out1 $d/out2 | grep 'message posted'; "
      "$b chat-server --listen 127.0.0.1:0 --redis redis://127.0.0.1:1; echo \"exit=$?\"";
  std::string path = ::testing::TempDir() + "redis_chat_cli_test.sh";
  std::ofstream(path) << script << "\n";
  auto ran = run(executor, shell("bash " + path));
  EXPECT_EQ(ran.output.find("never:"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("message posted to rust: hello from the first server"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("message posted to rust: and back from the second"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("asyncplay chat-server: connect to Redis at 127.0.0.1:1: Connection refused\nexit=1"),
            std::string::npos)
      << ran.output;
}

TEST_F(CliTest, ChatClientReportsARefusedConnection) {
  std::uint16_t closed_port;
  {
    auto listener = listen_local();
    closed_port = listener.local_addr().port();
  }
  auto ran = run(executor, shell(kBinary + " chat 127.0.0.1:" + std::to_string(closed_port) + " < /dev/null"));
  EXPECT_EQ(ran.status, 1);
  EXPECT_NE(ran.output.find("Connection refused"), std::string::npos) << ran.output;
}

TEST_F(CliTest, GetPrintsTheRawResponse) {
  auto listener = listen_local();
  auto port = std::to_string(listener.local_addr().port());
  auto [served, ran] =
      run(executor, join(http_server(listener, 1, 0ms), shell(kBinary + " get 127.0.0.1 " + port + " /x")));
  EXPECT_EQ(ran.status, 0);
  EXPECT_EQ(ran.output, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
}

TEST_F(CliTest, GetWithManyUrlsRunsThemConcurrently) {
  auto listener = listen_local();
  auto url = "http://127.0.0.1:" + std::to_string(listener.local_addr().port()) + "/";
  auto start = Clock::now();
  auto [served, ran] =
      run(executor, join(http_server(listener, 3, 300ms), shell(kBinary + " get " + url + " " + url + " " + url)));
  auto took = Clock::now() - start;
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("HTTP/1.1 200 OK, 40 bytes"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("3 requests on one thread"), std::string::npos) << ran.output;
  EXPECT_LT(took, 900ms) << "three 300 ms answers took as long as one after another";
}

TEST_F(CliTest, GetReportsErrorsAndExitsNonZero) {
  auto ran = run(executor, shell(kBinary + " get http://127.0.0.1:1/ http://no-such-host.invalid/"));
  EXPECT_EQ(ran.status, 1);
  EXPECT_NE(ran.output.find("Connection refused"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("no-such-host.invalid"), std::string::npos) << ran.output;
  auto bad = run(executor, shell(kBinary + " get https://example.com/"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("https is not supported"), std::string::npos) << bad.output;
}

TEST_F(CliTest, UnknownOptionsAndModelsAreRefusedClearly) {
  auto ran = run(executor, shell(kBinary + " chat-server --model fibers"));
  EXPECT_EQ(ran.status, 2);
  EXPECT_NE(ran.output.find("--model is async or threads"), std::string::npos) << ran.output;
  auto unknown = run(executor, shell(kBinary + " juggle"));
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.output.find("unknown command 'juggle'"), std::string::npos) << unknown.output;
}

// A page served by `relay --static DIR` finds that relay: with no relay in
// DIR's config.json (or none at all) the one served names this origin's
// path; one that names a relay is served as it is.
TEST_F(CliTest, RelayStaticServesAConfigThatPointsThePageAtItself) {
  std::string script =
      "d=$(mktemp -d); trap 'kill $R 2>/dev/null; rm -rf \"$d\"' EXIT; b='" + kBinary + "'; "
      "fetch() { exec 3<>/dev/tcp/127.0.0.1/$1; printf 'GET /config.json HTTP/1.0\\r\\n\\r\\n' >&3; "
      "  sed -n '/^\\r$/,$p' <&3 | tail -n +2; exec 3>&-; }; "
      // A log per server: with one file, the wait could read the last
      // server's "listening on" before the new one's redirect emptied it.
      "serve() { $b relay --listen 127.0.0.1:0 --allow 127.0.0.1:9 --path /r --static $d 2>$d/$1.log & R=$!; "
      "  for i in $(seq 200); do grep -q 'listening on' $d/$1.log && break; read -rt 0.05 <> <(:) || true; done; "
      "  port=$(sed -n 's/.*listening on ws:\\/\\/127.0.0.1:\\([0-9]*\\).*/\\1/p' $d/$1.log); "
      "  echo \"$1: $(fetch $port)\"; kill $R; wait $R 2>/dev/null; }; "
      "echo '<html></html>' > $d/index.html; serve none; "
      "echo '{\"chat\": \"chat.example:7878\", \"relay\": \"\"}' > $d/config.json; serve empty; "
      "echo '{\"relay\": \"wss://elsewhere.example/relay\"}' > $d/config.json; serve named";
  std::string path = ::testing::TempDir() + "relay_static_config_test.sh";
  std::ofstream(path) << script << "\n";
  auto ran = run(executor, shell("bash " + path));
  EXPECT_NE(ran.output.find("none: {\"relay\":\"/r\"}"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("empty: {\"chat\":\"chat.example:7878\",\"relay\":\"/r\"}"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("named: {\"relay\": \"wss://elsewhere.example/relay\"}"), std::string::npos) << ran.output;
}
