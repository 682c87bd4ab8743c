#pragma once
// ConsoleWords: every sentence the page's console says itself, one catalogue
// per language (console_words_en.cpp, console_words_es.cpp), as the page's own
// words are (web/src/lang/). {name} marks what fill() puts in. The book's
// terms and the commands stay as they are in both: future, poll, Pending,
// block_on, spawn; connect, join, post. What deeper layers say (an error of a
// connect, the chat's "message posted to G: ...", the trace's words) is not
// here yet: it is English in both.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace asyncplay::wasm {

struct ConsoleWords {
  const char* help;
  const char* internal_error;        // {what}
  const char* usage_trace;
  const char* tracing_off;
  const char* tracing_on;
  const char* usage_relay;
  const char* relay_scheme;
  const char* relay_fragment;
  const char* relay_now;             // {url}
  const char* relay_chat_still;      // {relay}
  const char* still_running;         // {name}
  const char* usage_get;
  const char* usage_connect;
  const char* usage_connect_default;
  const char* unknown_command;       // {name}
  const char* cancelled;
  const char* requests_at_once;      // {n} {ms}
  const char* usage_run;
  const char* still_connected;       // {target}
  const char* connected;             // {target} {relay}
  const char* connected_local;       // {target}: the in-browser host's
  const char* server_closed;         // {target}
  const char* message_posted;        // {group} {message}: a chat message, the book's "message posted to"
  const char* server_error;          // {text}: the server's Error, the book's "error from server"
  const char* not_connected;
  const char* not_sent;              // {n}
  const char* live_tasks;            // {n}
  const char* unnamed;
  const char* parked_at;             // {site} {function}
  const char* waits_for;             // {what}
  const char* and_waits_for;         // {what}
  const char* last_woken;            // {cause}
};

// Every field, for the tests that check each catalogue is whole.
inline constexpr const char* ConsoleWords::*kConsoleWordFields[] = {
    &ConsoleWords::help, &ConsoleWords::internal_error, &ConsoleWords::usage_trace, &ConsoleWords::tracing_off,
    &ConsoleWords::tracing_on, &ConsoleWords::usage_relay, &ConsoleWords::relay_scheme,
    &ConsoleWords::relay_fragment, &ConsoleWords::relay_now, &ConsoleWords::relay_chat_still,
    &ConsoleWords::still_running, &ConsoleWords::usage_get, &ConsoleWords::usage_connect,
    &ConsoleWords::usage_connect_default, &ConsoleWords::unknown_command, &ConsoleWords::cancelled,
    &ConsoleWords::requests_at_once, &ConsoleWords::usage_run, &ConsoleWords::still_connected,
    &ConsoleWords::connected, &ConsoleWords::connected_local, &ConsoleWords::server_closed, &ConsoleWords::message_posted, &ConsoleWords::server_error,
    &ConsoleWords::not_connected, &ConsoleWords::not_sent,
    &ConsoleWords::live_tasks, &ConsoleWords::unnamed, &ConsoleWords::parked_at, &ConsoleWords::waits_for,
    &ConsoleWords::and_waits_for, &ConsoleWords::last_woken,
};

extern const ConsoleWords kEnglishWords;
extern const ConsoleWords kSpanishWords;

// "es" (or "es-MX"): Spanish; anything else: English.
const ConsoleWords& console_words(std::string_view language);

// `text` with each {key} replaced by its value; unknown keys stay as written.
std::string fill(const char* text, std::initializer_list<std::pair<std::string_view, std::string>> values = {});

}  // namespace asyncplay::wasm
