// `asyncplay chat-server [--listen 127.0.0.1:7878] [--model async|threads] [--reuse-port]`
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "chat/server.hpp"
#include "chat/thread_server.hpp"
#include "cli/commands.hpp"
#include "runtime/executor.hpp"

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
  if (!args.empty()) throw std::invalid_argument("unexpected argument '" + args[0] + "'");
  if (model != "async" && model != "threads") {
    throw std::invalid_argument("--model is async or threads, not '" + model + "'");
  }
  // Both models bind the same way (on the runtime); the threads model then
  // takes the listening socket's descriptor into blocking mode.
  return block_on([](std::string address, std::string model, net::ListenOptions how) -> Task<int> {
    auto listener = co_await net::TcpListener::bind(address, how);
    if (!listener) {
      std::fprintf(stderr, "asyncplay chat-server: %s\n", listener.error().message().c_str());
      co_return 1;
    }
    std::fprintf(stderr, "chat-server: listening on %s (model: %s)\n",
                 listener->local_addr().to_string().c_str(), model.c_str());
    if (model == "threads") {
      auto served = chat::serve_chat_threads(listener->blocking_fd(), {});
      std::fprintf(stderr, "asyncplay chat-server: %s\n", served.error().message().c_str());
      co_return 1;
    }
    co_await chat::serve_chat(std::move(*listener), {});
    co_return 0;
  }(listen, model, listen_options));
}

}  // namespace asyncplay::cli
