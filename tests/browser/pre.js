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

// The in-browser host's link (docs/LOCAL_HOST.md) as a loopback: this module
// is both the page and the host, as tests/browser/local_host_test.cpp wants.
// Each message is carried from a later turn (setImmediate), in order, as a
// MessagePort carries it; the shape checks are web/src/local/wire.js's.
Module.asyncplayLocal = (function () {
  const peer = new Map();
  const queue = [];
  let flushing = false;
  const deliver = (id, k, bytes, n) => {
    let pointer = 0;
    if (bytes.length > 0) {
      pointer = Module._asyncplay_local_buffer(bytes.length);
      Module.HEAPU8.set(bytes, pointer);
    }
    return Module._asyncplay_local_event(id, k, pointer, bytes.length, n);
  };
  const later = (job) => {
    queue.push(job);
    if (flushing) return;
    flushing = true;
    setImmediate(function flush() {
      // A batch per turn, so the executor's ticks (timers) get their turns too.
      for (let i = 0; i < 64 && queue.length > 0; ++i) queue.shift()();
      if (queue.length > 0) return setImmediate(flush);
      flushing = false;
    });
  };
  return {
    carried: 0,
    open(id, port) {
      later(() => {
        const server = Module._asyncplay_local_accept(port, 1);
        if (server < 0) return deliver(id, 6, new Uint8Array(0), 0);
        peer.set(id, server);
        peer.set(server, id);
        deliver(id, 5, new Uint8Array(0), 0);
        Module._asyncplay_tick();  // as host_links.js does: the accept loop runs once the id is mapped
      });
    },
    send(id, k, bytes, n) {
      this.carried += bytes.length;
      later(() => {
        const to = peer.get(id);
        if (to !== undefined) deliver(to, k, bytes, n);
        if (k === 3) peer.delete(id);
      });
    },
  };
})();
