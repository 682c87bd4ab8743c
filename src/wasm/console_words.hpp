#pragma once
// ConsoleWords: every sentence the page's console says itself, one catalogue
// per language (console_words_en.cpp, console_words_es.cpp), as the page's own
// words are (web/src/lang/). {name} marks what fill() puts in. The book's
// terms and the commands stay as they are in both: future, poll, Pending,
// block_on, spawn; connect, join, post. What deeper layers say (an error of a
// connect, the chat's "message posted to G: ...", the trace's words) is not
// here: the trace's words are trace::TraceWords (wasm/trace_words_es.cpp), the
// book's server replies keep their text, and the rest is English in both.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "compose/compose_words.hpp"
#include "trace/trace_words.hpp"
#include "words/fill.hpp"

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
  const char* task_line;             // {id} {name} {state} {polls} {wakes} {us}: a row of `tasks`
  const char* state_pending;
  const char* state_scheduled;
  const char* state_running;
  const char* get_answered;          // {url} {status} {bytes} {ms}: one of `get URL...`
  const char* get_failed;            // {url} {error}
  // The book's server replies, its text kept as sent, with what it means.
  const char* server_dropped;        // {text} {n} {group}: "Dropped N messages from G."
  const char* server_no_group;       // {text} {group}: "Group 'G' does not exist"
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
    &ConsoleWords::and_waits_for, &ConsoleWords::last_woken, &ConsoleWords::task_line, &ConsoleWords::state_pending,
    &ConsoleWords::state_scheduled, &ConsoleWords::state_running, &ConsoleWords::get_answered, &ConsoleWords::get_failed,
    &ConsoleWords::server_dropped, &ConsoleWords::server_no_group,
};

extern const ConsoleWords kEnglishWords;
extern const ConsoleWords kSpanishWords;

// "es" (or "es-MX"): Spanish; anything else: English.
const ConsoleWords& console_words(std::string_view language);
// The trace's words (`trace on`, and the phrases `tasks` says again), chosen the same way.
extern const trace::TraceWords kSpanishTraceWords;
const trace::TraceWords& trace_words(std::string_view language);
// `run`'s words (its list, its limits, its values), chosen the same way.
extern const compose::ComposeWords kSpanishComposeWords;
const compose::ComposeWords& compose_words(std::string_view language);
// What the layers below say in their errors, said again (none in English):
// the console passes its error lines through it (wasm/error_phrases_es.cpp).
const words::Phrases& error_phrases(std::string_view language);

// `text` with each {key} replaced by its value; unknown keys stay as written.
using words::fill;

}  // namespace asyncplay::wasm
