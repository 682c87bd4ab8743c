// The host's side of the links (docs/LOCAL_HOST.md): each page that reaches
// the in-browser host is one MessagePort; its connections are ids the page
// chose, mapped here to the host module's own connection ids. What a port
// sends is checked for shape (wire.js) before the C++ sees it; the C++ keeps
// TCP's rules. A malformed message ends its connection, if it names one, and
// nothing else. Tested under Node with a stand-in module
// (tests/web/local_host_links.test.mjs).
import { FROM_PAGE, KIND, MALFORMED, badMessage, deliver } from './wire.js';

const encoder = new TextEncoder();

export class HostLinks {
  // locks: navigator.locks where there is one (a page's lock is granted to
  // the host once the page is gone); log(text): the worker's console.
  constructor({ locks = null, log = () => {} } = {}) {
    this.module = null;
    this.waiting = [];            // [port, message] that came before the module loaded
    this.links = new Map();       // port -> {number, conns: Map(page id -> host id)}
    this.byHost = new Map();      // host id -> {port, c}
    this.nextNumber = 1;
    this.locks = locks;
    this.log = log;
    this.ignored = 0;             // messages with nothing to act on (counted, not obeyed)
    this.watchers = new Set();    // ports whose page shows the host's tasks in its live view
    this.hostId = `${Date.now()}-${Math.random()}`;  // which host sent a trace: a new one numbers its tasks anew
    this.flusher = null;
  }

  // What the host module's C++ calls (Module.asyncplayLocal).
  moduleHooks() {
    return {
      // The host does not connect out: refused, from a later turn.
      open: (id) => setTimeout(() => this.module && deliver(this.module, id, { k: KIND.refused })),
      send: (id, k, bytes, n) => {
        const to = this.byHost.get(id);
        if (!to) return;
        const m = { t: 'msg', c: to.c, k };
        if (bytes.length > 0) m.b = bytes.buffer;
        if (k === KIND.credit) m.n = n;
        if (k === KIND.close) this.forget(id);
        to.port.postMessage(m, bytes.length > 0 ? [bytes.buffer] : []);
      },
    };
  }

  attach(module) {
    this.module = module;
    for (const [port, m] of this.waiting.splice(0)) this.receive(port, m);
  }

  add(port) {
    this.links.set(port, { number: this.nextNumber++, conns: new Map() });
    port.onmessage = (event) => this.receive(port, event.data);
    port.start?.();
  }

  receive(port, m) {
    if (!this.module) return void this.waiting.push([port, m]);
    const link = this.links.get(port);
    if (!link || !m || typeof m !== 'object') return void (this.ignored += 1);
    if (m.t === 'hello') return this.watchLock(port, m.lock);
    if (m.t === 'bye') return this.gone(port, 'the page closed');
    if (m.t === 'open') return this.open(port, link, m);
    if (m.t === 'watch') return this.watch(port);
    if (m.t === 'stats') {
      return port.postMessage({ t: 'stats', memory: this.module.HEAPU8.byteLength,
                                heap: this.module._asyncplay_heap_in_use?.() ?? 0, ignored: this.ignored });
    }
    if (m.t !== 'msg') return void (this.ignored += 1);
    const id = link.conns.get(m.c);
    if (id === undefined) return void (this.ignored += 1);  // after its close, or never opened
    const why = badMessage(m, FROM_PAGE);
    if (why) {
      this.log(`in-browser host: page ${link.number}, connection ${m.c}: ${why}: ended`);
      deliver(this.module, id, { k: MALFORMED, b: encoder.encode(why) });  // the C++ ends it and tells the page
      return this.forget(id);
    }
    if (deliver(this.module, id, m) !== 1 || m.k === KIND.close) {
      this.forget(id);
    }
    this.flush();
  }

  // The live view (wasm/host_trace.hpp): a new watcher gets the tasks alive
  // now, then every event, batched per message handled and every 25 ms
  // (timers fire inside the worker without a message). Times are sent with
  // the absolute time of the events' zero, so each page can place them on
  // its own clock.
  watch(port) {
    if (this.watchers.has(port) || typeof this.module._asyncplay_host_watch !== 'function') return;
    this.flush();
    const prelude = this.module.UTF8ToString(this.module._asyncplay_host_watch(1));
    this.watchers.add(port);
    port.postMessage({ t: 'trace', host: this.hostId, origin: this.origin(), events: prelude });
    this.flusher ??= setInterval(() => this.flush(), 25);
  }

  unwatch(port) {
    if (!this.watchers.delete(port) || this.watchers.size > 0) return;
    this.flush();
    this.module._asyncplay_host_watch(0);
    clearInterval(this.flusher);
    this.flusher = null;
  }

  origin() { return performance.timeOrigin + performance.now() - this.module._asyncplay_host_now(); }

  flush() {
    if (this.watchers.size === 0) return;
    const events = this.module.UTF8ToString(this.module._asyncplay_host_take_events());
    if (events === '[]') return;
    const origin = this.origin();
    for (const port of this.watchers) port.postMessage({ t: 'trace', host: this.hostId, origin, events });
  }

  open(port, link, m) {
    const good = Number.isInteger(m.c) && m.c > 0 && !link.conns.has(m.c) && Number.isInteger(m.port);
    if (!good) return void (this.ignored += 1);
    // The C++ queues the connection without running the server: its first
    // write must find the id mapped and come after `accepted`.
    const id = this.module._asyncplay_local_accept(m.port, link.number);
    if (id < 0) return port.postMessage({ t: 'msg', c: m.c, k: KIND.refused });
    link.conns.set(m.c, id);
    this.byHost.set(id, { port, c: m.c });
    port.postMessage({ t: 'msg', c: m.c, k: KIND.accepted });
    this.module._asyncplay_tick();  // now the accept loop runs
  }

  // The page holds a Web Lock while it lives: the host gets it once the page is gone.
  watchLock(port, lock) {
    if (!this.locks || typeof lock !== 'string' || lock.length > 100 || !lock.startsWith('asyncplay-page-')) return;
    this.locks.request(lock, () => this.gone(port, 'the page went away')).catch(() => {});
  }

  // Every connection of the page ends as an abort; the server's tasks for it end.
  gone(port, reason) {
    const link = this.links.get(port);
    if (!link) return;
    this.links.delete(port);
    this.unwatch(port);
    for (const id of link.conns.values()) {
      deliver(this.module, id, { k: KIND.close, b: encoder.encode(reason) });
      this.byHost.delete(id);
    }
    port.close?.();
  }

  forget(id) {
    const to = this.byHost.get(id);
    if (!to) return;
    this.byHost.delete(id);
    this.links.get(to.port)?.conns.delete(to.c);
  }
}
