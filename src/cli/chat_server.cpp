// `asyncplay chat-server [--listen 127.0.0.1:7878] [--model async|threads] [--reuse-port]
//                        [--redis redis://HOST:PORT[/PREFIX]]`
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "chat/redis_bus.hpp"
#include "chat/server.hpp"
#include "chat/thread_server.hpp"
#include "cli/commands.hpp"
#include "io/reactor.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"

namespace asyncplay::cli {

int chat_server(const Args& given) {
  Args args = given;
  std::string listen = take_option(args, "--listen").value_or("127.0.0.1:7878");
  std::string model = take_option(args, "--model").value_or("async");
  net::ListenOptions listen_options;
  if (auto flag = std::find(args.begin(), args.end(), "--reuse-port"); flag != args.end()) {
    args.erase(flag);
    listen_options.reuse_port = true;  // several of us on one port, one per core
  }
  std::optional<chat::RedisAddress> redis;
  if (auto url = take_option(args, "--redis")) {
    auto parsed = chat::RedisAddress::parse(*url);
    if (!parsed) throw std::invalid_argument(parsed.error().message());
    redis = std::move(*parsed);
  }
  if (!args.empty()) throw std::invalid_argument("unexpected argument '" + args[0] + "'");
  if (model != "async" && model != "threads") {
    throw std::invalid_argument("--model is async or threads, not '" + model + "'");
  }
  if (redis && model != "async") throw std::invalid_argument("--redis needs --model async");
  // Both models bind the same way (on the runtime); the threads model then
  // takes the listening socket's descriptor into blocking mode.
  return block_on([](std::string address, std::string model, net::ListenOptions how,
                     std::optional<chat::RedisAddress> redis) -> Task<int> {
    std::unique_ptr<chat::RedisBus> bus;
    if (redis) {
      auto connected = co_await chat::RedisBus::connect(*redis, stderr);
      if (!connected) {
        std::fprintf(stderr, "asyncplay chat-server: %s\n", connected.error().message().c_str());
        co_return 1;
      }
      bus = std::move(*connected);
    }
    auto listener = co_await net::TcpListener::bind(address, how);
    if (!listener) {
      std::fprintf(stderr, "asyncplay chat-server: %s\n", listener.error().message().c_str());
      co_return 1;
    }
    std::fprintf(stderr, "chat-server: listening on %s (model: %s, I/O: %s%s%s)\n",
                 listener->local_addr().to_string().c_str(), model.c_str(),
                 model == "threads" ? "blocking calls" : io::Reactor::current().name(),
                 bus ? ", groups shared through " : "", bus ? redis->to_string().c_str() : "");
    if (model == "threads") {
      auto served = chat::serve_chat_threads(listener->blocking_fd(), {});
      std::fprintf(stderr, "asyncplay chat-server: %s\n", served.error().message().c_str());
      co_return 1;
    }
    chat::ServerOptions options;
    options.bus = bus.get();
    if (bus) {
      co_await join(chat::serve_chat(std::move(*listener), options), bus->run());
    } else {
      co_await chat::serve_chat(std::move(*listener), options);
    }
    co_return 0;
  }(listen, model, listen_options, redis));
}

}  // namespace asyncplay::cli
