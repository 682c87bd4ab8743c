// Short tunnels through `asyncplay dev`'s relay to its HTTP endpoint, three
// at a time, as the tour's `get a b c` makes them: each sends its request and
// then "eof", and must see the whole answer and then the relay's "eof". The
// clients are `ws` in this process, another process than the relay, so their
// frames reach it in the middle of its turns, as a page's do. (On io_uring, a
// socket closed while its poll had a wake queued once stayed open in the
// kernel with its FIN unsent: about one tunnel in 60 waited for ever.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { startDev, stopAll } from './stack.mjs';

const ROUNDS = 150;
const PATHS = ['/a', '/b', '/c'];

let dev;
before(async () => { dev = await startDev(); });
after(stopAll);

// One tunnel: what it saw, in order ("connected", "bin:N" for each binary
// message of N bytes, "eof"), and whether it ended with "eof" within `limit`.
function tunnel(relay, target, path, limit = 3000) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${relay}?target=${encodeURIComponent(target)}`, ['asyncplay.tcp.v1']);
    const seen = [];
    let answer = '';
    const finish = (ended) => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ ended, seen, answer });
    };
    const timer = setTimeout(() => finish(false), limit);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        seen.push(`bin:${data.length}`);
        answer += data.toString();
        return;
      }
      const text = data.toString();
      seen.push(text);
      if (text === 'connected') {
        ws.send(Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
        ws.send('eof');
      }
      if (text === 'eof') finish(true);
    });
    ws.on('error', (error) => seen.push(`error: ${error.message}`));
  });
}

test('every short tunnel to the dev endpoint sees its answer and then eof', { timeout: 120000 }, async () => {
  const relay = new URL('relay', dev.url.replace(/^http/, 'ws')).href;
  const target = `127.0.0.1:${dev.httpPort}`;
  for (let round = 0; round < ROUNDS; ++round) {
    const results = await Promise.all(PATHS.map((path) => tunnel(relay, target, path)));
    results.forEach((r, i) => {
      const log = dev.output().split('\n').filter((line) => line.startsWith('relay:')).slice(-6).join('\n');
      assert.ok(r.ended, `round ${round}, ${PATHS[i]}: no eof; saw ${r.seen.join(', ')}\n${log}`);
      assert.match(r.answer, new RegExp(`^HTTP/1\\.1 200 OK\\r\\n[^]*you asked for ${PATHS[i]}\\n$`));
    });
  }
});
