#pragma once
// Console: the playground's commands, independent of the page. The web
// terminal feeds it lines and shows what it prints; tests drive it directly.
//   help, relay [URL], connect [HOST:PORT], join GROUP, post GROUP MESSAGE...,
//   get HOST PORT PATH (cheapo_request under block_on), get URL... (at once,
//   spawn_local), run EXPR (futures a person composes, src/compose/, under
//   block_on), tasks, trace on|off
// Each command runs as a task; interrupt() drops the running one's future.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chat/client_session.hpp"
#include "compose/value.hpp"
#include "net/tcp_stream.hpp"
#include "runtime/executor.hpp"
#include "runtime/task.hpp"
#include "runtime/task_set.hpp"
#include "trace/event_log.hpp"
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {

enum class Output { out, error, message, trace };

class Console {
 public:
  using Printer = std::function<void(Output kind, const std::string& text)>;

  Console(Printer print, std::string default_chat);
  ~Console();

  // Runs one command line. `connect`, `get HOST PORT PATH` and `run EXPR` run to their
  // end under block_on while the page goes on; `get URL...` is spawned and
  // returns at once; join/post are queued to the chat connection.
  void run(const std::string& line);
  // Ctrl-C: drops the running command's future; false if nothing was running.
  bool interrupt();
  // The language the console speaks ("es", "en"): the page's (web/src/lang/).
  void set_language(std::string_view language) {
    words_ = &console_words(language);
    trace_words_ = &trace_words(language);
    compose_words_ = &compose_words(language);
    error_phrases_ = &error_phrases(language);
  }

  // {"relay":..,"relay_state":..,"connection":..,"running":..,"tasks":N,
  //  "paused":bool,"ready":N,"delay":ms,"now":ms on the events' clock}
  std::string status_json() const;

  // Every event of the executor since the console started (bounded): the
  // page's live view reads it; `trace on` prints it in words as it comes.
  trace::EventLog& events() { return events_; }

 private:

  void dispatch(const std::string& line);
  void run_blocking(Task<void> command, std::string name);  // block_on, interruptible
  Task<void> connect(std::string target);
  Task<void> get_one(std::string host, std::string port, std::string path);
  Task<void> get_many(std::vector<std::string> urls);
  void run_expression(std::string_view text);
  Task<void> print_value(Task<compose::Value> expression, std::string text);
  void send(std::string line);
  void show_tasks();

  Printer print_;
  const ConsoleWords* words_ = &kEnglishWords;
  const trace::TraceWords* trace_words_ = &trace::kEnglishTraceWords;
  const compose::ComposeWords* compose_words_ = &compose::kEnglishComposeWords;
  const words::Phrases* error_phrases_ = &error_phrases("en");
  std::string default_chat_;
  std::string default_relay_;                   // the page's own relay, for `relay default`
  std::unique_ptr<chat::ClientSession> chat_;   // the chat connection, if any
  std::string chat_relay_;                      // the relay chat_ went through
  std::optional<JoinHandle<void>> chat_ended_;  // says so when the chat connection ends
  std::optional<JoinHandle<void>> running_;     // the command being run
  std::string running_name_;
  bool blocking_ = false;                       // run_blocking is inside block_on
  trace::EventLog events_;                      // the executor's tracer, for as long as the console lives
};

}  // namespace asyncplay::wasm
