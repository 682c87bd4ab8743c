#include "wasm/console.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "chat/client.hpp"
#include "chat/command.hpp"
#include "compose/build.hpp"
#include "compose/expression.hpp"
#include "http/cheapo_request.hpp"
#include "http/url.hpp"
#include "net/host_port.hpp"
#include "net/relay_config.hpp"
#include "net/tcp_stream_browser.hpp"
#include "runtime/sync/mpsc.hpp"
#include "trace/event_words.hpp"

namespace asyncplay::wasm {
namespace {

// The console's sentences are in console_words_en.cpp / console_words_es.cpp.

// Lines are split as the chat client splits them (chat::next_token): one
// tokeniser for every typed line.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    auto [word, rest] = chat::next_token(text);
    if (word.empty()) return out;
    out.emplace_back(word);
    text = rest;
  }
}

// A reply of the book's server in the page's words: its text as sent (other
// servers speak the same protocol), and for the two a person meets, what it
// means: "Dropped N messages from G." and "Group 'G' does not exist".
std::string server_reply_in_words(const std::string& text, const ConsoleWords& said) {
  std::string_view t(text);
  constexpr std::string_view kDropped = "Dropped ", kFrom = " messages from ";
  if (t.starts_with(kDropped) && t.ends_with('.')) {
    std::string_view rest = t.substr(kDropped.size(), t.size() - kDropped.size() - 1);
    auto from = rest.find(kFrom);
    std::string_view n = rest.substr(0, from);
    if (from != std::string_view::npos && !n.empty() && n.find_first_not_of("0123456789") == std::string_view::npos) {
      return fill(said.server_dropped, {{"text", text}, {"n", std::string(n)},
                                        {"group", std::string(rest.substr(from + kFrom.size()))}});
    }
  }
  constexpr std::string_view kGroup = "Group '", kMissing = "' does not exist";
  if (t.starts_with(kGroup) && t.ends_with(kMissing) && t.size() >= kGroup.size() + kMissing.size()) {
    std::string group(t.substr(kGroup.size(), t.size() - kGroup.size() - kMissing.size()));
    return fill(said.server_no_group, {{"text", text}, {"group", group}});
  }
  return fill(said.server_error, {{"text", text}});
}

}  // namespace

Console::Console(Printer print, std::string default_chat)
    : print_([this, print = std::move(print)](Output kind, const std::string& text) {
        // What the layers below said in an error, in the page's language (their words are English).
        print(kind, kind == Output::error ? error_phrases_->in_words(text) : text);
      }),
      default_chat_(std::move(default_chat)),
      default_relay_(net::relay_url()) {
  Executor::current().set_tracer(&events_);
}

Console::~Console() {
  Executor::current().set_tracer(nullptr);
  if (running_) running_->cancel();
  if (chat_ended_) chat_ended_->cancel();
  chat_.reset();
}

void Console::run(const std::string& line) {
  try {
    dispatch(line);
  } catch (const std::exception& e) {  // a bug, not an expected failure: say so, keep the page alive
    print_(Output::error, fill(words_->internal_error, {{"what", e.what()}}));
  }
}

void Console::dispatch(const std::string& line) {
  auto [first, rest] = chat::next_token(line);
  std::string name(first);
  if (name.empty() || name == "clear") return;
  auto args = words(rest);
  if (name == "help") return print_(Output::out, words_->help);
  if (name == "tasks") return show_tasks();
  if (name == "trace") {
    bool on = !args.empty() && args[0] == "on";
    if (args.size() != 1 || (!on && args[0] != "off")) return print_(Output::error, words_->usage_trace);
    if (!on) {
      events_.set_listener(nullptr);
      return print_(Output::out, words_->tracing_off);
    }
    auto words = std::make_shared<trace::EventWords>(events_.origin(), *trace_words_);
    events_.set_listener([this, words](const TraceEvent& e) {
      if (auto line = words->line(e)) print_(Output::trace, *line);
    });
    return print_(Output::out, words_->tracing_on);
  }
  if (name == "relay") {
    if (args.size() > 1) return print_(Output::error, words_->usage_relay);
    if (args.size() == 1 && args[0] == "default") {
      net::set_relay_url(default_relay_);
    } else if (args.size() == 1) {
      if (args[0].rfind("ws://", 0) != 0 && args[0].rfind("wss://", 0) != 0) {
        return print_(Output::error, words_->relay_scheme);
      }
      if (args[0].find('#') != std::string::npos) {
        return print_(Output::error, words_->relay_fragment);
      }
      net::set_relay_url(args[0]);
    }
    std::string note;
    if (chat_ && chat_->is_open() && chat_relay_ != net::relay_url()) {
      note = fill(words_->relay_chat_still, {{"relay", chat_relay_}});
    }
    return print_(Output::out, fill(words_->relay_now, {{"url", net::relay_url()}}) + note);
  }
  if (name == "join" || name == "post" || name == "repeat") return send(line);  // to the chat session
  // A command under block_on is running until block_on returns, even after
  // its task has finished: until then nothing may replace running_.
  if (blocking_ || (running_ && !running_->is_finished())) {
    return print_(Output::error, fill(words_->still_running, {{"name", running_name_}}));
  }
  bool urls = !args.empty() && std::all_of(args.begin(), args.end(), [](const std::string& a) {
    return a.find("://") != std::string::npos;
  });
  if (name == "get" && !urls && args.size() != 3) {
    return print_(Output::error, words_->usage_get);
  }
  if (name == "get" && !urls) {
    // The seed's way: block_on(cheapo_request(...)). The page keeps running
    // meanwhile: block_on sleeps through Asyncify.
    return run_blocking(get_one(args[0], args[1], args[2]), "get");
  }
  if (name == "get") {
    // spawn_local, not block_on: the prompt comes back at once and the
    // answers print as they arrive.
    running_ = Executor::current().spawn(get_many(args), "get many");
    running_name_ = "get many";
    return;
  }
  if (name == "run") return run_expression(chat::trim_start(rest));
  if (name == "connect") {
    if (args.size() > 1) return print_(Output::error, words_->usage_connect);
    if (args.empty() && default_chat_.empty()) return print_(Output::error, words_->usage_connect_default);
    return run_blocking(connect(args.empty() ? default_chat_ : args[0]), "connect");
  }
  print_(Output::error, fill(words_->unknown_command, {{"name", name}}));
}

void Console::run_blocking(Task<void> command, std::string name) {
  running_ = Executor::current().spawn(std::move(command), name);
  running_name_ = std::move(name);
  blocking_ = true;
  try {
    // Awaits the handle in place, so interrupt() can still reach the task.
    block_on([](JoinHandle<void>& task) -> Task<void> { co_await task; }(*running_));
  } catch (const TaskCancelled&) {
    print_(Output::error, words_->cancelled);
  }
  blocking_ = false;
  running_.reset();
}

bool Console::interrupt() {
  if (!running_ || running_->is_finished()) return false;
  running_->cancel();  // drops the command's future: its sockets close, its timers go
  // A command under block_on says so itself when block_on returns (run_blocking).
  if (!blocking_) print_(Output::error, words_->cancelled);
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
    requests.spawn([](http::HttpUrl u, std::string shown, mpsc::Sender<std::string> tell,
                      const ConsoleWords& said) -> Task<void> {
      auto begun = Clock::now();
      auto response = co_await http::cheapo_request(u.host, u.port, u.path);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begun).count();
      // An error starts with '!': printed as an error, in the errors' colour.
      co_await tell.send(!response ? "!" + fill(said.get_failed, {{"url", shown}, {"error", response.error().message()}})
                                   : fill(said.get_answered, {{"url", shown},
                                                              {"status", response->substr(0, response->find("\r\n"))},
                                                              {"bytes", std::to_string(response->size())},
                                                              {"ms", std::to_string(ms)}}));
    }(*url, text, done, *words_), "get " + text);
  }
  { auto drop = std::move(done); }  // only the requests hold senders now: recv ends after the last
  std::size_t count = 0;
  while (auto answer = co_await answers.recv()) {
    if (answer->front() == '!') print_(Output::error, answer->substr(1));
    else print_(Output::out, *answer);
    ++count;
  }
  if (urls.size() > 0 && count == 0) co_return;  // every URL was refused above: nothing ran
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  print_(Output::out, fill(words_->requests_at_once, {{"n", std::to_string(count)}, {"ms", std::to_string(ms)}}));
}

// `run EXPR`: parsed here, at once; a bad expression is shown with a caret
// under the place and nothing runs. A good one runs under block_on, so the
// live view follows its task (and each task it spawns) and Ctrl-C drops it.
void Console::run_expression(std::string_view text) {
  if (text.empty()) {
    return print_(Output::out, words_->usage_run + compose::function_list("  ", *compose_words_) +
                                   compose::limits_in_words(*compose_words_));
  }
  auto expression = compose::parse_expression(text);
  if (!expression) return print_(Output::error, compose::describe(expression.error(), text));
  std::string name = "run " + std::string(text.substr(0, 40)) + (text.size() > 40 ? "..." : "");
  run_blocking(print_value(compose::build(std::move(*expression)), std::string(text)), name);
}

// The value; then, for each call whose target the relay does not allow, the
// refusal with a caret under that call (the person's to change, as a typo is).
Task<void> Console::print_value(Task<compose::Value> expression, std::string text) {
  compose::Value value = co_await expression;
  print_(value.failed() ? Output::error : Output::out, value.to_string(*compose_words_));
  value.for_each([&](const compose::Value& v) {
    if (v.kind() == compose::Value::Kind::error && v.failure().is(std::errc::permission_denied) &&
        v.position() < text.size()) {
      print_(Output::error, compose::describe(compose::ParseError{v.position(), v.failure().message()}, text));
    }
  });
}

Task<void> Console::connect(std::string target) {
  auto hp = net::HostPort::parse(target);
  if (!hp) co_return print_(Output::error, hp.error().context());
  chat::Printer show = [this](const std::string& text, chat::Said kind) {
    print_(kind == chat::Said::message ? Output::message : Output::error, text);  // one colour for errors
  };
  // The connection that works stays until the new one is up.
  std::string relay = net::relay_url();
  // Replies in the page's language (the words of the console's catalogue, read at each reply).
  chat::Describe in_words = [this](const chat::FromServer& reply) {
    if (auto* message = std::get_if<chat::Message>(&reply)) {
      return fill(words_->message_posted, {{"group", message->group_name}, {"message", message->message}});
    }
    return server_reply_in_words(std::get<chat::ServerError>(reply).text, *words_);
  };
  auto session = co_await chat::ClientSession::connect(hp->host, hp->port, show, std::move(in_words));
  if (!session) {
    std::string kept = chat_ && chat_->is_open() ? fill(words_->still_connected, {{"target", chat_->target()}}) : "";
    co_return print_(Output::error, session.error().message() + kept);
  }
  if (chat_ended_) chat_ended_->cancel();
  chat_ = std::move(*session);
  chat_relay_ = relay;
  bool local = hp->host == net::kLocalHost;
  print_(Output::out, local ? fill(words_->connected_local, {{"target", chat_->target()}})
                            : fill(words_->connected, {{"target", chat_->target()}, {"relay", relay}}));
  chat_ended_ = spawn([](chat::ClientSession& chat, Printer& print, const ConsoleWords& said) -> Task<void> {
    auto ended = co_await chat.replies();
    print(Output::error, ended ? fill(said.server_closed, {{"target", chat.target()}}) : ended.error().message());
  }(*chat_, print_, *words_), "chat watch");
}

void Console::send(std::string line) {
  if (!chat_ || !chat_->is_open()) return print_(Output::error, words_->not_connected);
  if (!chat_->try_send(line)) {
    print_(Output::error, fill(words_->not_sent, {{"n", std::to_string(chat::ClientSession::kQueue)}}));
  }
}


void Console::show_tasks() {
  auto tasks = Executor::current().tasks();
  print_(Output::out, fill(words_->live_tasks, {{"n", std::to_string(tasks.size())}}));
  for (const auto& t : tasks) {
    auto busy_us = std::chrono::duration_cast<std::chrono::microseconds>(t.busy).count();
    const char* state = t.state == "pending"     ? words_->state_pending
                        : t.state == "scheduled" ? words_->state_scheduled
                        : t.state == "running"   ? words_->state_running
                                                 : nullptr;
    std::string line = fill(words_->task_line, {{"id", std::to_string(t.id)},
                                                {"name", t.name.empty() ? std::string(words_->unnamed) : t.name},
                                                {"state", state ? std::string(state) : std::string(t.state)},
                                                {"polls", std::to_string(t.polls)},
                                                {"wakes", std::to_string(t.wakes)},
                                                {"us", std::to_string(busy_us)}});
    if (t.state == "pending" && !t.parked_at.empty()) {
      const AwaitFrame& at = t.parked_at.back();
      line += "\n      " + fill(words_->parked_at, {{"site", at.site.label()}, {"function", at.site.function}});
      for (std::size_t i = 0; i < t.waits.size(); ++i) {
        line += fill(i == 0 ? words_->waits_for : words_->and_waits_for, {{"what", trace_words_->phrases->in_words(t.waits[i])}});
      }
    }
    if (!t.last_wake.empty()) {
      line += "\n      " + fill(words_->last_woken, {{"cause", trace::describe(t.last_cause, *trace_words_)}});
    }
    print_(Output::out, line);
  }
}

std::string Console::status_json() const {
  bool connected = chat_ && chat_->is_open();
  bool busy = running_ && !running_->is_finished();
  nlohmann::json status = {
      // The relay the chat connection goes through, until a connect through another.
      {"relay", connected ? chat_relay_ : net::relay_url()},
      {"relay_state", net::to_string(net::relay_state())},
      {"connection", connected ? chat_->target() : "not connected"},
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
