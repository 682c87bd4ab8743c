// cheapo_request against an HTTP server written here, on the runtime.
#include "http/cheapo_request.hpp"

#include <gtest/gtest.h>

#include "runtime/join.hpp"
#include "support/net_fixture.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
using asyncplay::net::TcpListener;
using asyncplay::net::TcpStream;

namespace {

// Reads one request to the end of the client's write half; answers with the
// request line it saw as the body.
Task<std::string> one_shot_server(TcpListener& listener) {
  auto socket = (co_await listener.accept()).value();
  std::string request;
  (co_await socket.read_to_string(request)).value();  // ends: the client shut down its write half
  std::string body = request.substr(0, request.find("\r\n"));
  std::string response =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  (co_await socket.write_all(response)).value();
  co_return request;
}

class CheapoRequestTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_EQ(executor.live_tasks(), 0u); }
  Executor executor;
};

}  // namespace

TEST_F(CheapoRequestTest, SendsTheSeedsRequestAndReadsTheWholeResponse) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto [request, response] =
      run(executor, join(one_shot_server(listener), http::cheapo_request("127.0.0.1", port, "/hello?x=1")));
  EXPECT_EQ(request, "GET /hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(*response,
            "HTTP/1.1 200 OK\r\nContent-Length: 23\r\nConnection: close\r\n\r\nGET /hello?x=1 HTTP/1.1");
}

TEST_F(CheapoRequestTest, ARefusedConnectionIsAnError) {
  std::uint16_t closed_port;
  {
    auto listener = listen_local();
    closed_port = listener.local_addr().port();
  }
  auto response = run(executor, http::cheapo_request("127.0.0.1", closed_port, "/"));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(response.error().is(std::errc::connection_refused));
}

TEST_F(CheapoRequestTest, AServerThatNeverAnswersTimesOutAndTheRequestIsDropped) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto silent = [](TcpListener& l) -> Task<void> {
    auto socket = (co_await l.accept()).value();
    co_await sleep(300ms);  // holds the connection open, says nothing
  };
  auto [ignored, response] =
      run(executor, join(silent(listener), timeout(50ms, http::cheapo_request("127.0.0.1", port, "/"))));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(response.error().is(std::errc::timed_out));
}

TEST_F(CheapoRequestTest, APathThatWouldInjectHeadersIsRefused) {
  auto response = run(executor, http::cheapo_request("127.0.0.1", 9, "/ HTTP/1.1\r\nEvil: yes"));
  ASSERT_FALSE(response.ok());
  EXPECT_TRUE(response.error().is(std::errc::invalid_argument));
}
