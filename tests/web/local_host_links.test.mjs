// The host's side of the page links (web/src/local/host_links.js) with a
// stand-in for the host module: what a port sends is checked for shape before
// the C++ sees it, one port's garbage ends only its own connection, and a page
// that goes away ends all of its connections as aborts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostLinks } from '../../web/src/local/host_links.js';
import { KIND, MALFORMED } from '../../web/src/local/wire.js';

// Records what reaches the "C++": accepts on port 7878 only.
function fakeModule() {
  const heap = new Uint8Array(1 << 20);
  const m = {
    HEAPU8: heap,
    events: [],
    nextId: 100,
    ticks: 0,
    _asyncplay_tick: () => { m.ticks += 1; },
    _asyncplay_local_accept: (port) => (port === 7878 ? m.nextId++ : -1),
    _asyncplay_local_buffer: () => 16,
    _asyncplay_local_event: (id, k, pointer, len, n) => {
      m.events.push({ id, k, text: new TextDecoder().decode(heap.subarray(pointer, pointer + len)), n });
      return 1;
    },
  };
  return m;
}

function fakePort() {
  const port = { sent: [], closed: false, postMessage: (m) => port.sent.push(m), close: () => { port.closed = true; } };
  return port;
}

// A host with its module loaded and `count` pages linked.
function hostWith(count = 1, options = {}) {
  const links = new HostLinks(options);
  const module = fakeModule();
  links.attach(module);
  const ports = Array.from({ length: count }, () => fakePort());
  for (const port of ports) links.add(port);
  return { links, module, ports, port: ports[0] };
}

test('open is accepted or refused, and data reaches the C++ as bytes', () => {
  const { links, module, port } = hostWith();
  port.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  port.onmessage({ data: { t: 'open', c: 2, port: 22 } });
  assert.deepEqual(port.sent, [{ t: 'msg', c: 1, k: KIND.accepted }, { t: 'msg', c: 2, k: KIND.refused }]);
  assert.equal(module.ticks, 1, 'the server runs once the accepted connection is mapped');
  port.onmessage({ data: { t: 'msg', c: 1, k: KIND.data, b: new TextEncoder().encode('{"Join":{"group_name":"rust"}}\n').buffer } });
  port.onmessage({ data: { t: 'msg', c: 1, k: KIND.credit, n: 65536 } });
  assert.deepEqual(module.events, [{ id: 100, k: KIND.data, text: '{"Join":{"group_name":"rust"}}\n', n: 0 },
                                   { id: 100, k: KIND.credit, text: '', n: 65536 }]);
  // What the C++ sends goes to the port under the page's id.
  const bytes = new TextEncoder().encode('hi');
  links.moduleHooks().send(100, KIND.data, bytes, 0);
  assert.deepEqual(port.sent.at(-1).c, 1);
  assert.equal(new TextDecoder().decode(port.sent.at(-1).b), 'hi');
});

test('garbage is counted and ignored; a malformed message ends its own connection only', () => {
  const { links, module, port } = hostWith();
  port.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  port.onmessage({ data: { t: 'open', c: 2, port: 7878 } });
  for (const junk of ['junk', 7, null, [], { t: 'nope' }, { t: 'msg', c: 5, k: 1 }, { t: 'open', c: 1, port: 7878 },
                      { t: 'open', c: -3, port: 7878 }]) {
    port.onmessage({ data: junk });
  }
  assert.equal(links.ignored, 8);
  assert.equal(module.events.length, 0);
  port.onmessage({ data: { t: 'open', c: 3, port: 7878 } });
  port.onmessage({ data: { t: 'msg', c: 1, k: KIND.data, b: 'not bytes' } });
  port.onmessage({ data: { t: 'msg', c: 2, k: KIND.credit, n: 1e9 } });
  // Bytes on an eof: never copied into the module (it has no room for 100 KB).
  port.onmessage({ data: { t: 'msg', c: 3, k: KIND.eof, b: new ArrayBuffer(100 * 1024) } });
  assert.deepEqual(module.events.map((e) => [e.id, e.k, e.text]),
                   [[100, MALFORMED, 'data that is not 1 to 65536 bytes'], [101, MALFORMED, 'credit that is not 1 to 262144'],
                    [102, MALFORMED, 'bytes on a message that carries none']]);
  port.onmessage({ data: { t: 'msg', c: 1, k: KIND.data, b: new Uint8Array([1]) } });  // after its end: ignored
  assert.equal(module.events.length, 3);
  assert.equal(links.ignored, 9);
});

test('a page that goes away ends each of its connections as an abort, and no other page\'s', () => {
  const { module, ports: [a, b] } = hostWith(2);
  a.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  a.onmessage({ data: { t: 'open', c: 2, port: 7878 } });
  b.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  a.onmessage({ data: { t: 'bye' } });
  assert.deepEqual(module.events.map((e) => [e.id, e.k, e.text]),
                   [[100, KIND.close, 'the page closed'], [101, KIND.close, 'the page closed']]);
  assert.equal(a.closed, true);
  b.onmessage({ data: { t: 'msg', c: 1, k: KIND.eof } });
  assert.deepEqual(module.events.at(-1), { id: 102, k: KIND.eof, text: '', n: 0 });
});

test('messages that come before the module loaded wait for it', () => {
  const links = new HostLinks();
  const port = fakePort();
  links.add(port);
  port.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  assert.deepEqual(port.sent, []);
  links.attach(fakeModule());
  assert.deepEqual(port.sent, [{ t: 'msg', c: 1, k: KIND.accepted }]);
});

test('a page\'s lock is watched: granted, the page is gone', async () => {
  let granted;
  const locks = { request: (name, callback) => { granted = () => callback(); return Promise.resolve(); } };
  const { module, port } = hostWith(1, { locks });
  port.onmessage({ data: { t: 'hello', lock: 'asyncplay-page-1' } });
  port.onmessage({ data: { t: 'open', c: 1, port: 7878 } });
  granted();
  assert.deepEqual(module.events.map((e) => [e.k, e.text]), [[KIND.close, 'the page went away']]);
});
