#pragma once
// cheapo_request: the seed's HTTP GET over an async TcpStream, line for line.
// Portable: natively it uses the epoll back end, in the browser the relay.
#include <cstdint>
#include <string>

#include "runtime/result.hpp"
#include "runtime/task.hpp"

namespace asyncplay::http {

// Connects, writes "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n", shuts down the
// write half and reads the whole response.
Task<Result<std::string>> cheapo_request(std::string host, std::uint16_t port, std::string path);

}  // namespace asyncplay::http
