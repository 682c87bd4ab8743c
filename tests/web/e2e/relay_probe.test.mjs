// A relay that cannot be reached: after the runtime's error the page asks
// the relay URL's http(s) twin and says which likely cause it is, each
// against a real server on 127.0.0.1: nothing listening, a web server with
// nothing at the path (404, same origin and cross-origin with CORS), a web
// server answering 200 that is no WebSocket endpoint, and a cross-origin
// server whose reply the browser hides.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, launchBrowser, run, startDev, startProgram, stopAll } from './stack.mjs';
import { openAs, waitForWords as waitForText } from './person.mjs';

// http.server with CORS headers: the browser shows the page its status.
const CORS_SERVER = `
import http.server, sys
class H(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        super().end_headers()
import os
os.chdir(sys.argv[1])
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
print('Serving HTTP on 127.0.0.1 port', s.server_address[1], flush=True)
s.serve_forever()
`;

let browser;
let dev;
let page;
let plain;
let cors;
before(async () => {
  browser = await launchBrowser();
  dev = await startDev();
  const dir = mkdtempSync(path.join(tmpdir(), 'asyncplay-probe-'));
  writeFileSync(path.join(dir, 'relay'), 'a file, not a relay\n');
  const serve = (args) => startProgram('/usr/bin/python3', args, [/Serving HTTP on 127\.0\.0\.1 port (\d+)/]);
  plain = (await serve(['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'])).matches[0][1];
  cors = (await serve(['-u', '-c', CORS_SERVER, dir])).matches[0][1];
  page = await openAs(browser, dev.url);
});
after(async () => {
  await page.closeAll();
  stopAll();
});

async function probe(relay) {
  const before = await page.evaluate(() => window.asyncplayPage.probed.length);
  await run(page, `relay ${relay}`);
  await run(page, 'connect');
  await waitForText(page, 'relay unreachable');
  await page.waitForFunction((n) => window.asyncplayPage.probed.length > n, before, { timeout: 5000 });
  return page.evaluate(() => window.asyncplayPage.probed[window.asyncplayPage.probed.length - 1]);
}

describe('why a relay is unreachable', { timeout: 120000 }, () => {
  test('nothing listens on the port', async () => {
    const port = await freePort();
    const found = await probe(`ws://127.0.0.1:${port}/relay`);
    assert.equal(found.kind, 'nothing');
    await waitForText(page, `nothing answers at 127.0.0.1:${port}: no server listens there`);
  });

  test('the relay\'s own server, a path it does not have: 404', async () => {
    const origin = new URL(dev.url);
    const found = await probe(`ws://${origin.host}/no-relay-here`);
    assert.deepEqual([found.kind, found.status], ['not-found', 404]);
    await waitForText(page, `a web server answers at ${origin.host} but has nothing at /no-relay-here (HTTP 404)`);
  });

  test('another origin that shows its status: 404, and 200 from a file that is no relay', async () => {
    let found = await probe(`ws://127.0.0.1:${cors}/missing`);
    assert.deepEqual([found.kind, found.status], ['not-found', 404]);
    found = await probe(`ws://127.0.0.1:${cors}/relay`);
    assert.deepEqual([found.kind, found.status], ['not-websocket', 200]);
    await waitForText(page, `a web server answers at 127.0.0.1:${cors}/relay (HTTP 200) but it is not a WebSocket endpoint`);
  });

  test('another origin that hides its reply: it answers, and that is all the page may know', async () => {
    const found = await probe(`ws://127.0.0.1:${plain}/relay`);
    assert.equal(found.kind, 'answers');
    await waitForText(page, `a web server answers at 127.0.0.1:${plain} (on another origin`);
  });

  test('a working relay is not probed', async () => {
    const probes = await page.evaluate(() => window.asyncplayPage.probes);
    await run(page, `relay ws://${new URL(dev.url).host}/relay`);
    await run(page, 'connect');
    await waitForText(page, `connected to ${dev.chat}`);
    await run(page, 'nope');  // an error, with the relay reachable
    assert.equal(await page.evaluate(() => window.asyncplayPage.probes), probes);
  });
});
