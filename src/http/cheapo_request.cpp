#include "http/cheapo_request.hpp"

#include "http/url.hpp"
#include "net/tcp_stream.hpp"

namespace asyncplay::http {

using net::Shutdown;
using net::TcpStream;

Task<Result<std::string>> cheapo_request(std::string host, std::uint16_t port, std::string path) {
  if (!is_valid_request_path(path)) {
    co_return Error(std::errc::invalid_argument, "path '" + path + "' must start with / and have no spaces");
  }
  // Connect to the server asynchronously.
  auto socket = co_await TcpStream::connect(host, port);
  if (!socket) co_return socket.error();
  // Build the HTTP request.
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  // Write it asynchronously.
  if (auto written = co_await socket->write_all(request); !written) co_return written.error();
  // End the request: shut down the write half.
  if (auto shut = socket->shutdown(Shutdown::write); !shut) co_return shut.error();
  // Read the response asynchronously, to the end.
  std::string response;
  if (auto read = co_await socket->read_to_string(response); !read) co_return read.error();
  co_return response;
}

}  // namespace asyncplay::http
