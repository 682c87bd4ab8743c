// A page's way to the in-browser host (docs/LOCAL_HOST.md). Where the
// browser has SharedWorker, the host is one SharedWorker of the site and this
// page's port to it carries all its connections. Where it has none (Chrome on
// Android), the tabs elect a host with a Web Lock: the tab holding
// `asyncplay-host` runs the host in a Worker of its own, and the other tabs
// reach it over a BroadcastChannel; when that tab closes, the next tab
// waiting for the lock becomes the host, and every tab's connections to the
// old one end with a sentence saying so.
//
// To the page's C++ (net/tcp_stream_local.cpp) this is Module.asyncplayLocal:
// open(id, port) and send(id, kind, bytes, amount); what comes back is
// delivered with wire.js's deliver().
import { say } from '../view/strings.js';
import { FROM_HOST, KIND, MALFORMED, badMessage, deliver } from './wire.js';

const encoder = new TextEncoder();
const HOST_LOCK = 'asyncplay-host';
const CHANNEL = 'asyncplay-local';

const randomName = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`);

export class PageLink {
  // env: {SharedWorker, Worker, BroadcastChannel, locks, workerUrl, table (words), onNews(text),
  // onTrace({origin, events})}: the host's tasks for the live view.
  constructor(env) {
    this.env = env;
    this.module = null;
    this.open = new Set();   // ids of this page's open connections
    this.pageId = randomName();
    this.lock = `asyncplay-page-${this.pageId}`;
    this.mode = 'none';      // 'shared', 'tab host', 'tab client', or 'none'
    this.hostEpoch = null;   // in tab mode: the host this page's connections go to
    this.waitingForHost = [];
    this.port = null;
    this.lockHeld = null;
  }

  // Started by the first connection: a page that never asks loads no host.
  start() {
    if (this.lockHeld) return;
    this.lockHeld = this.holdLock();
    try {
      this.connectToHost();
    } catch (error) {  // e.g. a browser that refuses workers here: open() says there is no host
      this.mode = 'none';
      this.env.onNews?.(say('hostNotStarted', { error: error.message || error }, this.env.table));
    }
  }

  connectToHost() {
    const { SharedWorker, BroadcastChannel, locks } = this.env;
    if (SharedWorker) {
      this.mode = 'shared';
      const worker = new SharedWorker(this.env.workerUrl, { name: 'asyncplay in-browser host' });
      this.port = worker.port;
      this.port.onmessage = (event) => this.fromHost(event.data);
      this.port.start();
      this.hello((m) => this.port.postMessage(m));
      this.toHost({ t: 'watch' });
      return;
    }
    if (!BroadcastChannel || !locks) return;  // no way to share a host: open() says so
    this.mode = 'tab client';
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (event) => this.onChannel(event.data);
    locks.request(HOST_LOCK, () => this.becomeHost()).catch(() => {});
    this.channel.postMessage({ t: 'who' });
  }

  // Holds this page's own lock while it lives: the host asks for it too,
  // and gets it once the page is gone. Resolves to whether it is held.
  holdLock() {
    const { locks } = this.env;
    if (!locks) return Promise.resolve(false);
    return new Promise((resolve) => {
      locks.request(this.lock, () => {
        resolve(true);
        return new Promise(() => {});  // held until the page goes
      }).catch(() => resolve(false));
    });
  }

  // Tells a host which lock to watch (without locks, only `bye` says the page went).
  hello(post) {
    this.lockHeld.then((held) => post(held ? { t: 'hello', lock: this.lock } : { t: 'hello' }));
  }

  // The page is going for good (pagehide, not into the back/forward cache):
  // with no Web Locks, only this tells the host.
  async bye(persisted) {
    if (persisted || this.mode === 'none' || this.mode === 'tab host' || !this.lockHeld) return;
    if (!(await this.lockHeld)) this.toHost({ t: 'bye' });
  }

  // The C++'s hooks.
  moduleHooks() {
    return {
      // false: there is no host (the C++ says so at once).
      open: (id, port) => {
        this.start();
        if (this.mode === 'none') return false;
        this.open.add(id);
        this.toHost({ t: 'open', c: id, port });
        return true;
      },
      send: (id, k, bytes, n) => {
        if (!this.open.has(id)) return;
        const m = { t: 'msg', c: id, k };
        if (bytes.length > 0) m.b = bytes.buffer;
        if (k === KIND.credit) m.n = n;
        if (k === KIND.close) this.open.delete(id);
        this.toHost(m, bytes.length > 0 ? [bytes.buffer] : []);
      },
    };
  }

  attach(module) { this.module = module; }

  toHost(m, transfer = []) {
    if (this.mode === 'shared' || this.mode === 'tab host') return this.port.postMessage(m, transfer);
    if (this.hostEpoch === null) return void this.waitingForHost.push(m);
    this.channel.postMessage({ to: 'host', from: this.pageId, epoch: this.hostEpoch, m });
  }

  fromHost(m) {
    if (m && m.t === 'trace' && typeof m.events === 'string' && Number.isFinite(m.origin)) return this.env.onTrace?.(m);
    if (!this.module || !m || typeof m !== 'object' || m.t !== 'msg' || !this.open.has(m.c)) return;
    const why = badMessage(m, FROM_HOST);
    if (why) {  // ends it here, and the C++ tells the host why
      this.open.delete(m.c);
      return void deliver(this.module, m.c, { k: MALFORMED, b: encoder.encode(`the host sent ${why}`) });
    }
    const delivered = deliver(this.module, m.c, m);
    if (delivered !== 1 || m.k === KIND.close || m.k === KIND.refused) this.open.delete(m.c);
  }

  // Ends a connection here as an abort with `reason` (the host is gone or moved).
  end(id, reason) {
    if (!this.open.delete(id) || !this.module) return;
    deliver(this.module, id, { k: KIND.close, b: encoder.encode(reason) });
  }

  // Tab mode: what the other tabs say.
  onChannel(d) {
    if (!d || typeof d !== 'object') return;
    if (d.t === 'host' && typeof d.epoch === 'string') return this.newHost(d.epoch);
    if (d.t === 'who' && this.mode === 'tab host') return this.channel.postMessage({ t: 'host', epoch: this.hostEpoch });
    if (this.mode === 'tab host' && d.to === 'host') return this.relayToWorker(d);
    if (d.to === this.pageId && d.epoch === this.hostEpoch) this.fromHost(d.m);
  }

  newHost(epoch) {
    if (epoch === this.hostEpoch) return;
    const moved = this.hostEpoch !== null;
    this.hostEpoch = epoch;
    if (moved) {
      const reason = say('hostMoved', {}, this.env.table);
      for (const id of [...this.open]) this.end(id, reason);
      if (this.open.size === 0) this.env.onNews?.(reason);
    }
    if (this.mode === 'tab client') {
      this.hello((m) => this.channel.postMessage({ to: 'host', from: this.pageId, epoch, m }));
      this.toHost({ t: 'watch' });
    }
    for (const m of this.waitingForHost.splice(0)) this.toHost(m);
  }

  // This tab won the lock: it runs the host in a Worker and carries the
  // other tabs' messages to it, one MessagePort per tab.
  becomeHost() {
    const worker = new this.env.Worker(this.env.workerUrl, { name: 'asyncplay in-browser host' });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    // A host that cannot start lets the lock go (another tab may do better)
    // and ends this tab's connections with the reason.
    worker.onerror = (event) => {
      const reason = say('hostNotInTab', { why: event.message || say('hostWorkerFailed', {}, this.env.table) }, this.env.table);
      for (const id of [...this.open]) this.end(id, reason);
      this.mode = 'none';
      this.env.onNews?.(reason);
      release();
    };
    const own = new MessageChannel();
    worker.postMessage({ t: 'link' }, [own.port2]);
    const epoch = randomName();
    const wasClient = this.hostEpoch !== null;
    this.mode = 'tab host';
    this.port = own.port1;
    this.port.onmessage = (event) => this.fromHost(event.data);
    this.worker = worker;
    this.remote = new Map();  // page id -> port to the worker
    if (wasClient) this.newHost(epoch); else this.hostEpoch = epoch;
    this.hello((m) => this.port.postMessage(m));
    this.toHost({ t: 'watch' });
    for (const m of this.waitingForHost.splice(0)) this.toHost(m);
    this.channel.postMessage({ t: 'host', epoch });
    return held;  // the lock is held until this tab closes (or its host fails)
  }

  relayToWorker(d) {
    if (d.epoch !== this.hostEpoch || typeof d.from !== 'string' || d.from.length > 100) return;
    let port = this.remote.get(d.from);
    if (!port) {
      const pair = new MessageChannel();
      this.worker.postMessage({ t: 'link' }, [pair.port2]);
      port = pair.port1;
      port.onmessage = (event) => this.channel.postMessage({ to: d.from, epoch: this.hostEpoch, m: event.data });
      this.remote.set(d.from, port);
    }
    port.postMessage(d.m);
  }
}

// The page's link, from the browser's own globals.
// table: the page's catalogue, for what this tab is told (news and close reasons).
export function startPageLink({ workerUrl, onNews, onTrace, table }) {
  const link = new PageLink({
    SharedWorker: globalThis.SharedWorker,
    Worker: globalThis.Worker,
    BroadcastChannel: globalThis.BroadcastChannel,
    locks: globalThis.navigator?.locks ?? null,
    workerUrl,
    onNews,
    onTrace,
    table,
  });
  globalThis.addEventListener?.('pagehide', (event) => link.bye(event.persisted));
  return link;
}
