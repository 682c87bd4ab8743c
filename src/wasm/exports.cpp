// What the web page calls: one Console, output through Module.asyncplayOutput.
//   asyncplay_start(default_chat, relay_url)   once, before anything else
//   asyncplay_run(line)       a command; call it with ccall(..., {async: true}):
//                             `get HOST PORT PATH` sleeps in block_on (Asyncify)
//   asyncplay_interrupt()     Ctrl-C: 1 if it cancelled a running command, else 0
//   asyncplay_status()        JSON for the status line (pointer valid until the next call)
#include <emscripten.h>

#include "io/browser_loop.hpp"
#include "net/relay_config.hpp"
#include "wasm/console.hpp"

namespace {

EM_JS(void, asyncplay_output_js, (int kind, const char* text), {
  var out = Module.asyncplayOutput || function(k, t) { (k == 1 ? console.error : console.log)(t); };
  out(kind, UTF8ToString(text));
});

asyncplay::wasm::Console* console_ptr = nullptr;
std::string status_text;

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

}  // extern "C"
