// `asyncplay dev [--port 8080] [--tls-cert F --tls-key F]`: the whole local stack in one process, for a
// person trying the project: the web page and the relay on one port, the chat
// server, and a small HTTP endpoint to `get` from. The relay may reach exactly
// those two.
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "chat/server.hpp"
#include "cli/commands.hpp"
#include "http/hello_server.hpp"
#include "relay/server.hpp"
#include "runtime/executor.hpp"
#include "runtime/join.hpp"

namespace asyncplay::cli {
namespace {

// The site `npm run build` writes: dist/ here, or the checkout's dist/
// beside this program (build/native/asyncplay -> ../../dist), so it can be
// run from any folder.
std::string default_static_dir() {
  namespace fs = std::filesystem;
  std::error_code ignored;
  fs::path program = fs::read_symlink("/proc/self/exe", ignored);
  for (fs::path dir : {fs::path("dist"), program.parent_path().parent_path().parent_path() / "dist"}) {
    if (fs::exists(dir / "index.html", ignored)) return dir.string();
  }
  std::fprintf(stderr, "asyncplay dev: no built page in dist/ (npm run build writes it; npm start does both)\n");
  return "dist";
}

Task<int> run_dev(std::string host, std::string port, std::string chat_port, std::string http_port,
                  std::shared_ptr<relay::RelayOptions> options) {
  auto chat = co_await net::TcpListener::bind(host + ":" + chat_port);
  auto hello = co_await net::TcpListener::bind(host + ":" + http_port);
  auto web = co_await net::TcpListener::bind(host + ":" + port);
  // A port that is taken: say which flag picks another.
  std::pair<const Error*, const char*> binds[] = {{chat.ok() ? nullptr : &chat.error(), "--chat-port"},
                                                  {hello.ok() ? nullptr : &hello.error(), "--http-port"},
                                                  {web.ok() ? nullptr : &web.error(), "--port"}};
  for (auto [failed, flag] : binds) {
    if (failed) {
      std::fprintf(stderr, "asyncplay dev: %s (choose another with %s PORT, or 0 for any free port)\n",
                   failed->message().c_str(), flag);
      co_return 1;
    }
  }
  auto chat_at = chat->local_addr();
  auto hello_at = hello->local_addr();
  options->policy = relay::TargetPolicy(
      {{host, chat_at.port()}, {"localhost", chat_at.port()}, {host, hello_at.port()}, {"localhost", hello_at.port()}},
      {});
  options->policy.set_explain_allowed(true);  // on one's own machine the list is no secret
  // The page asks config.json where its relay (this origin's: a path) and chat server are.
  options->generated_files["/config.json"] = "{\"relay\": \"/relay\", \"chat\": \"" + chat_at.to_string() +
                                             "\", \"http\": \"" + hello_at.to_string() + "\"}\n";
  std::string url = (options->tls ? "https://" : "http://") + web->local_addr().to_string() + "/";
  std::fprintf(stderr,
               "asyncplay dev:\n"
               "  chat server    %s\n"
               "  http endpoint  %s (try: get %s %u /)\n"
               "  relay          %s://%s%s (allows exactly the two above)\n"
               "  web page       %s (from %s)\n\n"
               "open %s\n",
               chat_at.to_string().c_str(), hello_at.to_string().c_str(), host.c_str(), hello_at.port(),
               options->tls ? "wss" : "ws", web->local_addr().to_string().c_str(), options->path.c_str(), url.c_str(),
               options->static_dir.c_str(), url.c_str());
  chat::ServerOptions chat_options;
  co_await join(chat::serve_chat(std::move(*chat), chat_options), http::serve_hello(std::move(*hello)),
                relay::serve_relay(std::move(*web), options));
  co_return 0;
}

}  // namespace

int dev(const Args& given) {
  Args args = given;
  std::string port = take_option(args, "--port").value_or("8080");
  std::string chat_port = take_option(args, "--chat-port").value_or("7878");
  std::string http_port = take_option(args, "--http-port").value_or("7879");
  auto options = std::make_shared<relay::RelayOptions>();
  options->static_dir = take_option(args, "--static").value_or(default_static_dir());
  options->tls = take_tls(args);  // https:// and wss:// (the page picks wss:// on an https origin)
  if (!args.empty()) throw std::invalid_argument("unexpected argument '" + args[0] + "'");
  return block_on(run_dev("127.0.0.1", port, chat_port, http_port, options));
}

}  // namespace asyncplay::cli
