// Node stands in for the page: it gets the `ws` package as its WebSocket, and
// the relay's address from the environment. Like a browser's, this WebSocket
// may be closed while it is still connecting: `ws` reports that as an 'error'
// event, which would end the process if nobody listened.
if (typeof WebSocket === 'undefined') {
  const NodeWebSocket = require('ws');
  globalThis.WebSocket = class extends NodeWebSocket {
    constructor(...args) {
      super(...args);
      this.on('error', () => {});  // the close event that follows carries the news
    }
  };
}
Module.preRun = Module.preRun || [];
Module.preRun.push(function () {
  for (const name of ['ASYNCPLAY_RELAY', 'ASYNCPLAY_HTTP_PORT', 'ASYNCPLAY_CHAT_PORT', 'ASYNCPLAY_LINT_CHECK']) {
    if (process.env[name]) ENV[name] = process.env[name];
  }
});
