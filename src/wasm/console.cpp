#include "wasm/console.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "chat/client.hpp"
#include "chat/command.hpp"
#include "http/cheapo_request.hpp"
#include "http/url.hpp"
#include "net/host_port.hpp"
#include "net/relay_config.hpp"
#include "runtime/mpsc.hpp"
#include "trace/event_words.hpp"

namespace asyncplay::wasm {
namespace {

constexpr const char* kHelp =
    "commands:\n"
    "  connect [HOST:PORT]     connect to the chat server (default: the relay's)\n"
    "  join GROUP              join a chat group\n"
    "  post GROUP MESSAGE...   post to a group\n"
    "  get HOST PORT PATH      cheapo_request, run with block_on\n"
    "  get URL [URL...]        several http:// requests at once (spawn_local)\n"
    "  tasks                   live tasks: state, polls, wakes, where each waits\n"
    "  trace on|off            print every spawn, poll (where it stopped, what it\n"
    "                          waits for) and wake (what caused it)\n"
    "  relay [URL]             show or set the relay\n"
    "  clear                   clear the screen\n"
    "Ctrl-C cancels the running command by dropping its future.";

std::pair<std::string, std::string> split_word(const std::string& text) {
  auto start = text.find_first_not_of(' ');
  if (start == std::string::npos) return {};
  auto end = text.find(' ', start);
  if (end == std::string::npos) return {text.substr(start), {}};
  return {text.substr(start, end - start), text.substr(end + 1)};
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  for (auto rest = text; true;) {
    auto [word, more] = split_word(rest);
    if (word.empty()) return out;
    out.push_back(word);
    rest = more;
  }
}

}  // namespace

Console::Console(Printer print, std::string default_chat)
    : print_(std::move(print)), default_chat_(std::move(default_chat)) {
  Executor::current().set_tracer(&events_);
}

Console::~Console() {
  Executor::current().set_tracer(nullptr);
  if (running_) running_->cancel();
  if (replies_) replies_->cancel();
}

void Console::run(const std::string& line) {
  try {
    dispatch(line);
  } catch (const std::exception& e) {  // a bug, not an expected failure: say so, keep the page alive
    print_(Output::error, std::string("internal error: ") + e.what());
  }
}

void Console::dispatch(const std::string& line) {
  auto [name, rest] = split_word(line);
  if (name.empty() || name == "clear") return;
  auto args = words(rest);
  if (name == "help") return print_(Output::out, kHelp);
  if (name == "tasks") return show_tasks();
  if (name == "trace") {
    bool on = !args.empty() && args[0] == "on";
    if (args.size() != 1 || (!on && args[0] != "off")) return print_(Output::error, "usage: trace on|off");
    if (!on) {
      events_.set_listener(nullptr);
      return print_(Output::out, "tracing off");
    }
    events_.set_listener([this, words = std::make_shared<trace::EventWords>(events_.origin())](const TraceEvent& e) {
      if (auto line = words->line(e)) print_(Output::trace, *line);
    });
    return print_(Output::out,
                  "tracing: each spawn, poll (where it stopped, what it waits for) and wake (what caused it); "
                  "times since the page started");
  }
  if (name == "relay") {
    if (args.size() > 1) return print_(Output::error, "usage: relay [ws://HOST:PORT/relay]");
    if (args.size() == 1) {
      if (args[0].rfind("ws://", 0) != 0 && args[0].rfind("wss://", 0) != 0) {
        return print_(Output::error, "a relay URL starts with ws:// or wss://");
      }
      if (args[0].find('#') != std::string::npos) {
        return print_(Output::error, "a WebSocket URL cannot have a #fragment");
      }
      net::set_relay_url(args[0]);
    }
    return print_(Output::out, "relay: " + net::relay_url());
  }
  if (name == "join" || name == "post") return send(line);
  // A command under block_on is running until block_on returns, even after
  // its task has finished: until then nothing may replace running_.
  if (blocking_ || (running_ && !running_->is_finished())) {
    return print_(Output::error, "a command is still running (Ctrl-C cancels it)");
  }
  if (name == "get" && args.size() == 3 && args[0].rfind("http://", 0) != 0) {
    // The seed's way: block_on(cheapo_request(...)). The page keeps running
    // meanwhile: block_on sleeps through Asyncify.
    return run_blocking(get_one(args[0], args[1], args[2]), "get");
  }
  if (name == "get") {
    // spawn_local, not block_on: the prompt comes back at once and the
    // answers print as they arrive.
    if (args.empty()) return print_(Output::error, "usage: get HOST PORT PATH, or get URL [URL...]");
    running_ = Executor::current().spawn(get_many(args), "get many");
    running_name_ = "get many";
    return;
  }
  if (name == "connect") {
    if (args.size() > 1) return print_(Output::error, "usage: connect [HOST:PORT]");
    if (args.empty() && default_chat_.empty()) return print_(Output::error, "usage: connect HOST:PORT (no default chat server is configured)");
    return run_blocking(connect(args.empty() ? default_chat_ : args[0]), "connect");
  }
  print_(Output::error, "unknown command '" + name + "' (try help)");
}

void Console::run_blocking(Task<void> command, std::string name) {
  running_ = Executor::current().spawn(std::move(command), name);
  running_name_ = std::move(name);
  blocking_ = true;
  try {
    // Awaits the handle in place, so interrupt() can still reach the task.
    block_on([](JoinHandle<void>& task) -> Task<void> { co_await task; }(*running_));
  } catch (const TaskCancelled&) {
    print_(Output::error, "^C: cancelled (the command's future was dropped)");
  }
  blocking_ = false;
  running_.reset();
}

bool Console::interrupt() {
  if (!running_ || running_->is_finished()) return false;
  running_->cancel();  // drops the command's future: its sockets close, its timers go
  // A command under block_on says so itself when block_on returns (run_blocking).
  if (!blocking_) print_(Output::error, "^C: cancelled (the command's future was dropped)");
  return true;
}

Task<void> Console::get_one(std::string host, std::string port_text, std::string path) {
  auto port = net::parse_port(port_text);
  if (!port) co_return print_(Output::error, port.error().context());
  auto response = co_await http::cheapo_request(host, *port, path);
  if (!response) co_return print_(Output::error, response.error().message());
  print_(Output::out, *response);
}

// Each request is its own task; answers come back through a channel in the
// order they arrive. The requests belong to this command's frame (a TaskSet):
// Ctrl-C drops the frame, and with it every request still on its way.
Task<void> Console::get_many(std::vector<std::string> urls) {
  auto start = Clock::now();
  auto [done, answers] = mpsc::channel<std::string>(urls.size());
  TaskSet requests;
  for (const auto& text : urls) {
    auto url = http::HttpUrl::parse(text);
    if (!url) {
      print_(Output::error, url.error().context());
      continue;
    }
    requests.spawn([](http::HttpUrl u, std::string shown, mpsc::Sender<std::string> tell) -> Task<void> {
      auto begun = Clock::now();
      auto response = co_await http::cheapo_request(u.host, u.port, u.path);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begun).count();
      co_await tell.send(!response ? shown + "  error: " + response.error().message()
                                   : shown + "  " + response->substr(0, response->find("\r\n")) + ", " +
                                         std::to_string(response->size()) + " bytes (" + std::to_string(ms) + " ms)");
    }(*url, text, done), "get " + text);
  }
  { auto drop = std::move(done); }  // only the requests hold senders now: recv ends after the last
  std::size_t count = 0;
  while (auto answer = co_await answers.recv()) {
    print_(Output::out, *answer);
    ++count;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  print_(Output::out, std::to_string(count) + " requests at once in " + std::to_string(ms) + " ms");
}

Task<void> Console::connect(std::string target) {
  auto hp = net::HostPort::parse(target);
  if (!hp) co_return print_(Output::error, hp.error().context());
  if (replies_) replies_->cancel();
  sends_.cancel_all();  // they write to the stream that goes next
  chat_.reset();
  auto socket = co_await net::TcpStream::connect(hp->host, hp->port);
  if (!socket) co_return print_(Output::error, socket.error().message());
  chat_ = std::make_unique<net::TcpStream>(std::move(*socket));
  chat_target_ = hp->to_string();
  print_(Output::out, "connected to " + chat_target_ + " via " + net::relay_url());
  replies_ = spawn([](net::TcpStream& stream, Printer& print, std::string who) -> Task<void> {
    chat::Printer show = [&print](const std::string& text, bool error) {
      print(error ? Output::error : Output::message, text);
    };
    auto ended = co_await chat::print_replies(stream, show);
    print(Output::error, ended ? "the chat server " + who + " closed the connection" : ended.error().message());
  }(*chat_, print_, chat_target_), "chat replies");
}

void Console::send(std::string line) {
  if (!chat_ || (replies_ && replies_->is_finished())) {
    return print_(Output::error, "not connected: type connect first");
  }
  sends_.spawn([](net::TcpStream& stream, std::string text, Printer& print) -> Task<void> {
    chat::Printer complain = [&print](const std::string& why, bool) { print(Output::error, why); };
    auto sent = co_await chat::send_command(stream, std::move(text), complain);
    if (!sent) print(Output::error, sent.error().message());
  }(*chat_, std::move(line), print_), "chat send");
}

void Console::show_tasks() {
  auto tasks = Executor::current().tasks();
  print_(Output::out, std::to_string(tasks.size()) + " live task(s)");
  for (const auto& t : tasks) {
    auto busy_us = std::chrono::duration_cast<std::chrono::microseconds>(t.busy).count();
    std::string line = "  " + std::to_string(t.id) + "  " + (t.name.empty() ? "(unnamed)" : t.name) + "  " +
                       std::string(t.state) + "  polls " + std::to_string(t.polls) + ", wakes " +
                       std::to_string(t.wakes) + ", busy " + std::to_string(busy_us) + " us";
    if (t.state == "pending" && !t.parked_at.empty()) {
      const AwaitFrame& at = t.parked_at.back();
      line += "\n      parked at " + at.site.label() + " in " + at.site.function;
      for (std::size_t i = 0; i < t.waits.size(); ++i) line += (i == 0 ? ", waits for " : " and ") + t.waits[i];
    }
    if (!t.last_wake.empty()) line += "\n      last woken by " + t.last_wake;
    print_(Output::out, line);
  }
}

std::string Console::status_json() const {
  bool connected = chat_ && replies_ && !replies_->is_finished();
  bool busy = running_ && !running_->is_finished();
  nlohmann::json status = {
      {"relay", net::relay_url()},
      {"relay_state", net::to_string(net::relay_state())},
      {"connection", connected ? chat_target_ : "not connected"},
      {"running", busy ? running_name_ : ""},
      {"tasks", Executor::current().live_tasks()},
      {"paused", Executor::current().paused()},
      {"ready", Executor::current().ready_tasks()},
      {"delay", std::chrono::duration_cast<std::chrono::milliseconds>(Executor::current().poll_delay()).count()},
      {"now", std::chrono::duration<double, std::milli>(Clock::now() - events_.origin()).count()},
  };
  // A relay URL typed by a person may hold invalid UTF-8: replaced, not thrown.
  return status.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace asyncplay::wasm
