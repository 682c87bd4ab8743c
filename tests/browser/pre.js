// Node stands in for the page: it gets the `ws` package as its WebSocket, and
// the relay's address from the environment.
if (typeof WebSocket === 'undefined') globalThis.WebSocket = require('ws');
Module.preRun = Module.preRun || [];
Module.preRun.push(function () {
  for (const name of ['ASYNCPLAY_RELAY', 'ASYNCPLAY_HTTP_PORT', 'ASYNCPLAY_CHAT_PORT']) {
    if (process.env[name]) ENV[name] = process.env[name];
  }
});
