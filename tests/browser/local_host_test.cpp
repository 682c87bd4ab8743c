// The in-browser host's back end of TcpStream and TcpListener under Node
// (docs/LOCAL_HOST.md). pre.js links this module to itself, so one module is
// both the page and the host: the same serve_chat, serve_hello and
// cheapo_request as natively, over local::Connection's messages.
#include <gtest/gtest.h>

#include "chat/server.hpp"
#include "http/cheapo_request.hpp"
#include "http/hello_server.hpp"
#include "net/buf_reader.hpp"
#include "net/tcp_listener.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"
#include "support/chat_lines.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;

namespace {

// Starts a server on local:PORT (detached; cancelled at the end of the test).
template <class Serve>
JoinHandle<void> host(std::string address, Serve serve) {
  auto listener = block_on(net::TcpListener::bind(address));
  EXPECT_TRUE(listener) << listener.error().message();
  return spawn(serve(std::move(*listener)), "host");
}

Task<std::string> next_line(net::BufReader<net::TcpStream>& reader) {
  auto line = co_await reader.next_line();
  if (!line) co_return "error: " + line.error().message();
  if (!*line) co_return "end of stream";
  co_return **line;
}

}  // namespace

TEST(LocalHost, NothingListeningIsRefusedInWords) {
  auto stream = block_on(net::TcpStream::connect("local", 4242));
  ASSERT_FALSE(stream);
  EXPECT_TRUE(stream.error().is(std::errc::connection_refused));
  EXPECT_EQ(stream.error().message(),
            "connect local:4242: refused (nothing listens on that port in the in-browser host)");
}

TEST(LocalHost, APageCannotListenOnAnythingButLocal) {
  auto listener = block_on(net::TcpListener::bind("127.0.0.1:7878"));
  ASSERT_FALSE(listener);
  EXPECT_NE(listener.error().message().find("only on the in-browser host"), std::string::npos);
}

TEST(LocalHost, CheapoRequestHalfClosesAndReadsTheWholeReplyFromTheHttpEndpoint) {
  auto server = host("local:80", [](net::TcpListener l) { return http::serve_hello(std::move(l)); });
  auto response = block_on(http::cheapo_request("local", 80, "/from-the-page"));
  ASSERT_TRUE(response.ok()) << response.error().message();
  EXPECT_EQ(response->substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_NE(response->find("you asked for /from-the-page\n"), std::string::npos) << *response;
  server.cancel();
}

TEST(LocalHost, TheBooksChatServerServesTwoClients) {
  auto server = host("local:7878", [](net::TcpListener l) { return chat::serve_chat(std::move(l), {}); });
  auto talk = []() -> Task<std::string> {
    auto a = co_await net::TcpStream::connect("local", 7878);
    auto b = co_await net::TcpStream::connect("local", 7878);
    if (!a || !b) co_return "connect failed";
    // a's own post coming back says its join was handled: a gets what is posted from now on.
    (void)co_await a->write_all(join_line("rust") + post_line("rust", "a is in"));
    net::BufReader reader(*a);
    if (auto echo = co_await next_line(reader); echo != message_json("rust", "a is in")) co_return echo;
    (void)co_await b->write_all(join_line("rust") + post_line("rust", "hello from b"));
    co_return co_await next_line(reader);
  };
  EXPECT_EQ(block_on(talk()), message_json("rust", "hello from b"));
  server.cancel();
}

// A member that stops reading holds the server's writer at one window
// (its writes go Pending), so the server's own lag applies: the member is
// told how many lines it lost. (What that costs in memory: the browser test
// of backpressure, tests/web/e2e/local_host.test.mjs.)
TEST(LocalHost, AMemberThatStopsReadingLagsAndIsToldAsOnTcp) {
  auto server = host("local:7878", [](net::TcpListener l) { return chat::serve_chat(std::move(l), {}); });
  auto run = []() -> Task<std::string> {
    auto stalled = co_await net::TcpStream::connect("local", 7878);
    auto poster = co_await net::TcpStream::connect("local", 7878);
    if (!stalled || !poster) co_return "connect failed";
    net::BufReader reader(*stalled, 1 << 20);
    (void)co_await stalled->write_all(join_line("rust") + post_line("rust", "in"));
    if (auto echo = co_await next_line(reader); echo != message_json("rust", "in")) co_return echo;
    // The poster reads as it posts, so it keeps up; once its own last line
    // comes back, the server has taken every post, while `stalled` read nothing.
    std::string message(200, 'x');
    std::string burst = join_line("rust");
    for (int i = 0; i < 5000; ++i) burst += post_line("rust", std::to_string(i) + " " + message);
    burst += post_line("rust", "end");
    auto keep_up = [](net::TcpStream& s) -> Task<std::string> {
      net::BufReader own(s, 1 << 20);
      while (true) {
        auto line = co_await next_line(own);
        if (line == message_json("rust", "end") || line.rfind("error", 0) == 0 || line == "end of stream")
          co_return line;
      }
    };
    auto [wrote, last] = co_await join(poster->write_all(burst), keep_up(*poster));
    if (!wrote || last != message_json("rust", "end"))
      co_return "the poster did not see its own posts: " + last;
    std::string dropped;
    for (int lines = 0; lines < 6000 && dropped.empty(); ++lines) {
      auto line = co_await next_line(reader);
      if (line.rfind("{\"Error\":\"Dropped ", 0) == 0) dropped = line;
      if (line.rfind("error", 0) == 0 || line == "end of stream") co_return line;
    }
    co_return dropped;
  };
  std::string dropped = block_on(run());
  EXPECT_NE(dropped.find("messages from rust."), std::string::npos) << dropped;
  server.cancel();
}
