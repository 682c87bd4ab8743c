// What the web page calls: one Console, output through Module.asyncplayOutput.
//   asyncplay_set_language(lang)   "es" or "en", before or after start
//   asyncplay_start(default_chat, relay_url)   once, before anything else
//   asyncplay_run(line)       a command; call it with ccall(..., {async: true}):
//                             `get HOST PORT PATH` sleeps in block_on (Asyncify)
//   asyncplay_interrupt()     Ctrl-C: 1 if it cancelled a running command, else 0
//   asyncplay_status()        JSON for the status line (pointer valid until the next call)
//   asyncplay_phrases()       JSON: the runtime's pieces in the page's language, for the view
// and the live view's (docs/TRACE_EVENTS.md): asyncplay_take_events(),
// asyncplay_pause(), asyncplay_play(), asyncplay_step(), asyncplay_set_delay(ms),
// asyncplay_clear_events(), asyncplay_chrome_trace().
#include <emscripten.h>

#include <chrono>

#include "io/browser_loop.hpp"
#include "net/relay_config.hpp"
#include "wasm/console.hpp"

namespace {

EM_JS(void, asyncplay_output_js, (int kind, const char* text), {
  var out = Module.asyncplayOutput || function(k, t) { (k == 1 ? console.error : console.log)(t); };
  out(kind, UTF8ToString(text));
});

asyncplay::wasm::Console* console_ptr = nullptr;
std::string language = "en";
std::string status_text;
std::string events_text;  // what the last asyncplay_take_events / asyncplay_chrome_trace gave

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void asyncplay_start(const char* default_chat, const char* relay_url) {
  if (console_ptr) return;
  asyncplay::io::use_browser_driver();
  asyncplay::net::set_relay_url(relay_url);
  console_ptr = new asyncplay::wasm::Console(
      [](asyncplay::wasm::Output kind, const std::string& text) {
        asyncplay_output_js(static_cast<int>(kind), text.c_str());
      },
      default_chat);
  console_ptr->set_language(language);
}

EMSCRIPTEN_KEEPALIVE void asyncplay_set_language(const char* lang) {
  language = lang ? lang : "en";
  if (console_ptr) console_ptr->set_language(language);
}

// The runtime's English pieces and their words in the page's language, as
// [[english, words], ...] (none in English), for the live view.
EMSCRIPTEN_KEEPALIVE const char* asyncplay_phrases() {
  static std::string json;
  json = asyncplay::wasm::trace_words(language).phrases->to_json();
  return json.c_str();
}

EMSCRIPTEN_KEEPALIVE void asyncplay_run(const char* line) {
  if (!console_ptr) return;
  console_ptr->run(line);
  asyncplay::io::after_browser_event();  // what the command spawned runs now
}

EMSCRIPTEN_KEEPALIVE int asyncplay_interrupt() {
  if (!console_ptr) return 0;
  bool cancelled = console_ptr->interrupt();
  asyncplay::io::after_browser_event();
  return cancelled ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* asyncplay_status() {
  status_text = console_ptr ? console_ptr->status_json() : "{}";
  return status_text.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* asyncplay_take_events() {
  events_text = console_ptr ? console_ptr->events().take_json() : "[]";
  return events_text.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* asyncplay_chrome_trace() {
  events_text = console_ptr ? console_ptr->events().chrome_trace() : "[]";
  return events_text.c_str();
}

EMSCRIPTEN_KEEPALIVE void asyncplay_clear_events() {
  if (console_ptr) console_ptr->events().clear();
}

// Each control may end a block_on's sleep (the driver is unparked) or let
// the next turn run; after_browser_event does whichever applies.
EMSCRIPTEN_KEEPALIVE void asyncplay_pause() { asyncplay::Executor::current().pause(); }

EMSCRIPTEN_KEEPALIVE void asyncplay_play() {
  asyncplay::Executor::current().play();
  asyncplay::io::after_browser_event();
}

EMSCRIPTEN_KEEPALIVE int asyncplay_step() {
  bool ready = asyncplay::Executor::current().step();
  asyncplay::io::after_browser_event();
  return ready ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void asyncplay_set_delay(int ms) {
  asyncplay::Executor::current().set_poll_delay(std::chrono::milliseconds(ms < 0 ? 0 : ms));
  asyncplay::io::after_browser_event();
}

}  // extern "C"
