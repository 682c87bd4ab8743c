#include "http/hello_server.hpp"

#include "http/query.hpp"
#include "http/request.hpp"
#include "net/buf_reader.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"

namespace asyncplay::http {
namespace {

using namespace std::chrono_literals;

std::string reply(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Bad Request") +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

Task<void> answer(net::TcpStream socket) {
  RequestParser parser;
  auto scratch = net::detail::scratch_buffer();
  auto read_head = [](net::TcpStream& s, RequestParser& p, std::span<char> buf) -> Task<bool> {
    while (p.state() == RequestParser::State::need_more) {
      auto n = co_await s.read(buf);
      if (!n || *n == 0) co_return false;
      p.feed({buf.data(), *n});
    }
    co_return true;
  };
  auto reading = read_head(socket, parser, scratch);
  auto got = co_await timeout(10s, std::move(reading));
  if (!got || !*got) co_return;
  if (parser.state() == RequestParser::State::error) {
    (void)co_await socket.write_all(reply(400, parser.error_reason() + "\n"));
    co_return;
  }
  std::string path(path_of(parser.request().target));
  if (path == "/slow") co_await sleep(1s);  // then answers as / does
  if (path == "/never") {
    co_await sleep(10min);  // never answers; the client gives up first
    co_return;
  }
  (void)co_await socket.write_all(reply(200, "hello from asyncplay dev: you asked for " + path + "\n"));
}

}  // namespace

Task<void> serve_hello(net::TcpListener listener) {
  TaskSet connections;
  auto incoming = listener.incoming();
  while (auto socket = co_await incoming.next()) {
    if (!*socket) {
      co_await sleep(50ms);
      continue;
    }
    connections.spawn(answer(std::move(**socket)), "hello");
  }
}

}  // namespace asyncplay::http
