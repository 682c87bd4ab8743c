// The console's words in English (console_words.hpp).
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {

const ConsoleWords kEnglishWords{
    .help =
        "commands:\n"
        "  tour                    chapter 20 step by step, in the live view\n"
        "  connect [HOST:PORT]     connect to the chat server (default: the relay's)\n"
        "  join GROUP              join a chat group\n"
        "  post GROUP MESSAGE...   post to a group\n"
        "  repeat N post G M...    the post N times, numbered (a burst)\n"
        "  get HOST PORT PATH      cheapo_request, run with block_on\n"
        "  get URL [URL...]        several http:// requests at once (spawn_local)\n"
        "  run EXPR                futures you compose, run with block_on:\n"
        "                          run race(sleep(100ms), never()); run alone lists them\n"
        "  tasks                   live tasks: state, polls, wakes, where each waits\n"
        "  trace on|off            print every spawn, poll (where it stopped, what it\n"
        "                          waits for) and wake (what caused it)\n"
        "  relay [URL]             show or set the relay\n"
        "  history [clear]         list past commands (saved), or forget them\n"
        "  clear                   clear the screen\n"
        "Ctrl-C cancels the running command by dropping its future.",
    .internal_error = "internal error: {what}",
    .usage_trace = "usage: trace on|off",
    .tracing_off = "tracing off",
    .tracing_on = "tracing: each spawn, poll (where it stopped, what it waits for) and wake (what caused it); "
                  "times since the page started",
    .usage_relay = "usage: relay [ws://HOST:PORT/relay | default]",
    .relay_scheme = "a relay URL starts with ws:// or wss://",
    .relay_fragment = "a WebSocket URL cannot have a #fragment",
    .relay_now = "relay: {url}",
    .relay_chat_still = " (the chat connection still goes through {relay} until the next connect)",
    .still_running = "'{name}' is still running (Ctrl-C cancels it)",
    .usage_get = "usage: get HOST PORT PATH (cheapo_request), or get URL [URL...] (http:// each)",
    .usage_connect = "usage: connect [HOST:PORT]",
    .usage_connect_default = "usage: connect HOST:PORT (no default chat server is configured)",
    .unknown_command = "unknown command '{name}' (try help)",
    .cancelled = "^C: cancelled (the command's future was dropped)",
    .requests_at_once = "{n} requests at once in {ms} ms",
    .usage_run = "usage: run EXPR, where EXPR calls these (join and race poll their futures in one\n"
                 "task; only spawn starts another):\n",
    .still_connected = " (still connected to {target})",
    .connected = "connected to {target} via {relay}",
    .connected_local = "connected to {target}: the chat server running in this browser (docs/LOCAL_HOST.md)",
    .server_closed = "the chat server {target} closed the connection",
    .message_posted = "message posted to {group}: {message}",
    .server_error = "error from server: {text}",
    .not_connected = "not connected: type connect first",
    .not_sent = "not sent: {n} commands are still waiting to be written (the server is not reading)",
    .live_tasks = "{n} live task(s)",
    .unnamed = "(unnamed)",
    .parked_at = "parked at {site} in {function}",
    .waits_for = ", waits for {what}",
    .and_waits_for = " and {what}",
    .last_woken = "last woken by {cause}",
    .task_line = "  {id}  {name}  {state}  polls {polls}, wakes {wakes}, busy {us} us",
    .state_pending = "pending",
    .state_scheduled = "scheduled",
    .state_running = "running",
    .get_answered = "{url}  {status}, {bytes} bytes ({ms} ms)",
    .get_failed = "{url}  error: {error}",
    .server_dropped = "error from server: {text} (this member fell {n} messages behind {group}, which keeps only its "
                      "latest: it read too slowly)",
    .server_no_group = "error from server: {text} (nobody has joined {group}: join {group} makes it)",
};

}  // namespace asyncplay::wasm
