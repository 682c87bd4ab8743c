// The parts of TcpStream that are the same on every back end.
#include "net/tcp_stream.hpp"

#include <cassert>
#include <unordered_map>

namespace asyncplay::net {

#ifndef NDEBUG
namespace {
thread_local std::unordered_map<const void*, const void*> writers;  // stream -> its Pending write_all
}  // namespace

void detail::claim_writer(const void* stream, const void* writer) {
  auto [it, fresh] = writers.emplace(stream, writer);
  assert((fresh || it->second == writer) &&
         "two writers on one TcpStream at once: give the stream one writer task (see chat::ClientSession)");
}

void detail::release_writer(const void* stream, const void* writer) {
  auto it = writers.find(stream);
  if (it != writers.end() && it->second == writer) writers.erase(it);
}
#endif

TcpStream::TcpStream(detail::StreamStatePtr state) : state_(std::move(state)) {}
TcpStream::TcpStream(TcpStream&&) noexcept = default;
TcpStream& TcpStream::operator=(TcpStream&&) noexcept = default;
TcpStream::~TcpStream() = default;

Task<Result<std::size_t>> TcpStream::read_to_string(std::string& out, std::size_t limit) {
  std::size_t total = 0;
  char buffer[16 * 1024];
  while (true) {
    auto n = co_await read(buffer);
    if (!n) co_return n.error();
    if (*n == 0) co_return total;
    if (total + *n > limit) {
      co_return Error(std::errc::message_size,
                      "read from " + peer_name() + ": more than " + std::to_string(limit) + " bytes");
    }
    out.append(buffer, *n);
    total += *n;
  }
}

}  // namespace asyncplay::net
