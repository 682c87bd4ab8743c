// `asyncplay get HOST PORT PATH`: the seed's cheapo_request under block_on,
// printing the raw response.
// `asyncplay get URL [URL...]`: many requests at once on one thread (spawn_local),
// printing each status line, size and time, and the total, so the overlap shows.
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "cli/commands.hpp"
#include "http/cheapo_request.hpp"
#include "http/url.hpp"
#include "net/host_port.hpp"
#include "runtime/executor.hpp"
#include "runtime/time/timeout.hpp"

namespace asyncplay::cli {
namespace {

using Millis = std::chrono::milliseconds;

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<Millis>(Clock::now() - start).count();
}

struct Fetched {
  std::string url;
  Result<std::string> response;
  long long ms;
};

Task<Fetched> fetch(http::HttpUrl url, std::string text, Clock::duration limit) {
  auto start = Clock::now();
  auto response = co_await timeout(limit, http::cheapo_request(url.host, url.port, url.path));
  if (!response) response = response.error().within("get " + text);
  co_return Fetched{std::move(text), std::move(response), ms_since(start)};
}

Task<int> many_requests(std::vector<http::HttpUrl> urls, Args texts, Clock::duration limit) {
  auto start = Clock::now();
  std::vector<JoinHandle<Fetched>> handles;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    handles.push_back(spawn_local(fetch(urls[i], texts[i], limit), "get " + texts[i]));
  }
  int failures = 0;
  for (auto& handle : handles) {
    Fetched f = co_await handle;
    if (!f.response) {
      ++failures;
      std::printf("%-40s error: %s (%lld ms)\n", f.url.c_str(), f.response.error().message().c_str(), f.ms);
      continue;
    }
    const std::string& body = *f.response;
    std::string status = body.substr(0, body.find("\r\n"));
    std::printf("%-40s %s, %zu bytes (%lld ms)\n", f.url.c_str(), status.c_str(), body.size(), f.ms);
  }
  std::printf("%zu requests on one thread in %lld ms\n", urls.size(), ms_since(start));
  co_return failures ? 1 : 0;
}

}  // namespace

int get(const Args& given) {
  Args args = given;
  auto seconds = take_option(args, "--timeout").value_or("10");
  Clock::duration limit = std::chrono::milliseconds(static_cast<long long>(std::stod(seconds) * 1000));
  bool single = args.size() == 3 && args[0].rfind("http://", 0) != 0;
  if (single) {
    auto port = net::parse_port(args[1]);
    if (!port) throw std::invalid_argument(port.error().context());
    auto response = block_on(timeout(limit, http::cheapo_request(args[0], *port, args[2])));
    if (!response) {
      std::fprintf(stderr, "asyncplay get: %s\n", response.error().message().c_str());
      return 1;
    }
    std::fwrite(response->data(), 1, response->size(), stdout);
    return 0;
  }
  if (args.empty()) throw std::invalid_argument("usage: asyncplay get HOST PORT PATH | asyncplay get URL...");
  std::vector<http::HttpUrl> urls;
  for (auto& text : args) {
    auto url = http::HttpUrl::parse(text);
    if (!url) throw std::invalid_argument(url.error().context());
    urls.push_back(*url);
  }
  return block_on(many_requests(std::move(urls), args, limit));
}

}  // namespace asyncplay::cli
