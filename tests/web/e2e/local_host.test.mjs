// No server needed (docs/LOCAL_HOST.md): the built site on a plain static
// server with no relay and no config of ours. The book's chat server and the
// HTTP endpoint run in the site's SharedWorker, and every tab of one browser
// profile (one Playwright context) reaches them as local:7878 and local:80.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { atFirstPrompt, launchBrowser, run, screenText, startDev, startStaticSite, stopAll, waitForText } from './stack.mjs';

let browser;
let site;
before(async () => {
  browser = await launchBrowser();
  site = await startStaticSite();
});
after(stopAll);

const openIn = async (context, url = site.url) =>
  atFirstPrompt(await context.newPage({ viewport: { width: 1100, height: 700 } }), url);

describe('the in-browser host, with no relay', { timeout: 120000 }, () => {
  let context;
  before(async () => { context = await browser.newContext(); });

  test('two tabs chat through the chat server in the worker, and a third joins later', async () => {
    const [alice, bob] = [await openIn(context), await openIn(context)];
    assert.match(await screenText(alice), /no relay: the book's chat server \(local:7878\)/);
    for (const page of [alice, bob]) {
      await run(page, 'connect');
      await waitForText(page, 'connected to local:7878: the chat server running in this browser');
      await run(page, 'join rust');
    }
    assert.match(await alice.textContent('#status'), /chat: in this browser \(local:7878\)/);
    await run(alice, 'post rust hello from alice');
    await waitForText(bob, 'rust: hello from alice');
    await run(bob, 'post rust and back from bob');
    await waitForText(alice, 'rust: and back from bob');
    const carol = await openIn(context);
    await run(carol, 'connect');
    await waitForText(carol, 'connected to local:7878');
    await run(carol, 'join rust');
    await run(carol, 'post rust carol is here');
    for (const page of [alice, bob, carol]) await waitForText(page, 'rust: carol is here');
    for (const page of [alice, bob, carol]) {
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });

  test('get local 80 / is cheapo_request against the HTTP endpoint in the worker: half-close, then the whole reply', async () => {
    const page = await openIn(context);
    await run(page, 'get local 80 /');
    await waitForText(page, 'HTTP/1.1 200 OK');
    await waitForText(page, 'hello from asyncplay dev: you asked for /');
    await run(page, 'get http://local/a http://local/b');  // at once, with spawn_local
    await waitForText(page, 'http://local/a  HTTP/1.1 200 OK, 142 bytes');
    await waitForText(page, 'http://local/b  HTTP/1.1 200 OK, 142 bytes');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('Ctrl-C drops a get that never gets an answer; the host goes on', async () => {
    const page = await openIn(context);
    const before = await page.evaluate(() => window.asyncplayPage.commandsDone);
    await run(page, 'get local 80 /never', { wait: false });
    await page.waitForFunction(() => window.asyncplayPage.busy !== '', null, { timeout: 5000 });
    await page.keyboard.press('Control+C');
    await page.waitForFunction((n) => window.asyncplayPage.commandsDone > n, before, { timeout: 5000 });
    await run(page, 'get local 80 /after');
    await waitForText(page, 'you asked for /after');
    await page.close();
  });

  test('a port that sends garbage loses only its own connection', async () => {
    const page = await openIn(context);
    await run(page, 'connect');
    await run(page, 'join rust');
    // A second port to the same SharedWorker, used by hand.
    const answer = await page.evaluate(() => new Promise((resolve) => {
      const port = new SharedWorker('host_worker.js', { name: 'asyncplay in-browser host' }).port;
      const seen = [];
      port.onmessage = (event) => {
        const m = event.data;
        seen.push({ c: m.c, k: m.k, text: m.b ? new TextDecoder().decode(m.b) : '' });
        if (m.c === 7 && m.k === 5) {
          for (const junk of ['junk', 42, null, { t: 'msg', c: 99, k: 1 }, { t: 'open', c: 'x', port: 7878 },
                              { t: 'msg', c: 7, k: 99 }]) port.postMessage(junk);
        }
        if (m.c === 8 && m.k === 5) port.postMessage({ t: 'msg', c: 8, k: 1, b: 'not bytes' });
        if (m.c === 8 && m.k === 3) resolve(seen);
      };
      port.start();
      port.postMessage({ t: 'open', c: 7, port: 7878 });
      port.postMessage({ t: 'open', c: 8, port: 7878 });
      port.postMessage({ t: 'open', c: 9, port: 1234 });
    }));
    assert.deepEqual(answer.find((m) => m.c === 9), { c: 9, k: 6, text: '' }, 'nothing on port 1234: refused');
    assert.match(answer.find((m) => m.c === 7 && m.k === 3).text, /you broke the in-browser protocol \(a message of unknown kind\)/);
    assert.match(answer.find((m) => m.c === 8 && m.k === 3).text, /data that is not 1 to 65536 bytes/);
    await run(page, 'post rust still here');
    await waitForText(page, 'rust: still here');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});

// Chrome on Android has no SharedWorker: the tabs elect a host with a Web
// Lock, and the others reach it over a BroadcastChannel.
describe('the in-browser host without SharedWorker', { timeout: 120000 }, () => {
  let context;
  before(async () => {
    context = await browser.newContext();
    await context.addInitScript(() => { delete window.SharedWorker; });
  });

  test('one tab hosts, the others chat through it, and when it closes the next tab takes over', async () => {
    const [alice, bob] = [await openIn(context), await openIn(context)];
    assert.equal(await alice.evaluate(() => typeof window.SharedWorker), 'undefined');
    for (const page of [alice, bob]) {
      await run(page, 'connect');
      await waitForText(page, 'connected to local:7878');
      await run(page, 'join rust');
    }
    assert.equal(await alice.evaluate(() => window.asyncplayPage.local.mode), 'tab host');
    assert.equal(await bob.evaluate(() => window.asyncplayPage.local.mode), 'tab client');
    await run(alice, 'post rust from the host tab');
    await waitForText(bob, 'rust: from the host tab');
    await run(bob, 'post rust from a client tab');
    await waitForText(alice, 'rust: from a client tab');

    await alice.close();  // the host goes: bob's lock request is granted, and bob hosts
    await waitForText(bob, 'the in-browser host moved to another tab');
    await bob.waitForFunction(() => window.asyncplayPage.local.mode === 'tab host');
    await run(bob, 'connect');
    await waitForText(bob, 'connected to local:7878');
    await run(bob, 'join rust');
    const carol = await openIn(context);
    await run(carol, 'connect');
    await waitForText(carol, 'connected to local:7878');
    await run(carol, 'join rust');
    await run(carol, 'post rust to the new host');
    await waitForText(bob, 'rust: to the new host');
    for (const page of [bob, carol]) {
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });
});

// What a page that does not read costs: its connection holds one window in
// each end and the chat server's own lag applies, so neither the host's
// memory nor the stalled page's grows with what is posted.
describe('backpressure through the in-browser host', { timeout: 120000 }, () => {
  test('a paused page lags and is told "Dropped N messages" while another posts 5,000 lines', async () => {
    const context = await browser.newContext();
    const stalled = await openIn(context);
    await run(stalled, 'connect');
    await run(stalled, 'join rust');
    const poster = await openIn(context);
    // The poster speaks to the host through a port of its own, keeping to the
    // window as the C++ does: at most 256 KiB not yet credited.
    const post = (lines, size) => poster.evaluate(([lines, size]) => new Promise((resolve) => {
      const port = new SharedWorker('host_worker.js', { name: 'asyncplay in-browser host' }).port;
      const encoder = new TextEncoder();
      const body = 'x'.repeat(size);
      let next = 0;
      let inFlight = 0;
      let done = false;
      const stats = [];
      let chunk = null;  // the next data message, sent once the window has room for it
      const pump = () => {
        for (;;) {
          if (!chunk && next < lines) {
            let text = '';
            while (next < lines && text.length < 60 * 1024) text += `{"Post":{"group_name":"rust","message":"${next++} ${body}"}}\n`;
            chunk = encoder.encode(text);
          }
          if (!chunk || inFlight + chunk.length > 256 * 1024) break;
          inFlight += chunk.length;
          port.postMessage({ t: 'msg', c: 1, k: 1, b: chunk.buffer }, [chunk.buffer]);
          chunk = null;
        }
        // Credit comes back in quarters of the window: under one quarter
        // outstanding, the host has read all but the last few lines.
        if (next === lines && !chunk && inFlight < 64 * 1024 && !done) {
          done = true;
          port.postMessage({ t: 'stats' });
        }
      };
      port.onmessage = (event) => {
        const m = event.data;
        if (m.t === 'stats') { stats.push(m.heap); return stats.length === 2 ? resolve(stats) : null; }
        if (m.k === 5) { port.postMessage({ t: 'stats' }); pump(); }
        if (m.k === 4) { inFlight -= m.n; pump(); }
      };
      port.start();
      port.postMessage({ t: 'open', c: 1, port: 7878 });
    }), [lines, size]);
    const pageMemory = () => stalled.evaluate(() => window.asyncplayPage.runtimeMemory());
    await stalled.getByRole('button', { name: 'Pause' }).click();
    const before = await pageMemory();
    // 5 MB posted: the group's ring keeps its last 1000 lines (1 MB) and each
    // end of the stalled connection at most a window (256 KiB).
    const [hostBefore, hostAfter] = await post(5000, 1000);
    const after = await pageMemory();
    console.log(`heap in use: host ${hostBefore} -> ${hostAfter} bytes, stalled page ${before} -> ${after} bytes, 5 MB posted`);
    assert.ok(hostAfter - hostBefore < 2.5 * 2 ** 20, `the host grew by ${hostAfter - hostBefore} bytes`);
    assert.ok(after - before < 2 ** 20, `the stalled page grew by ${after - before} bytes`);
    await stalled.evaluate(() => window.asyncplayPage.outputListeners.push((kind, text) => {
      if (text.startsWith('error from server: Dropped')) window.dropped = text;
    }));
    await stalled.getByRole('button', { name: 'Play' }).click();
    await stalled.waitForFunction(() => window.dropped, null, { timeout: 20000 });
    assert.match(await stalled.evaluate(() => window.dropped), /Dropped \d+ messages from rust\./);
    await context.close();
  });
});

describe('the in-browser host in the live view', { timeout: 120000 }, () => {
  test('the accept loop and a task per connection, as lanes of their own', async () => {
    const context = await browser.newContext();
    const [alice, bob] = [await openIn(context), await openIn(context)];
    await run(alice, 'connect');
    await run(bob, 'connect');
    await run(bob, 'join rust');
    await run(bob, 'post rust seen in the view');
    await waitForText(bob, 'rust: seen in the view');
    await alice.waitForFunction(() => window.asyncplayPage.view.tableRows()
      .filter((row) => /^host: connection from page \d+/.test(row.name)).length >= 2, null, { timeout: 5000 });
    const rows = await alice.evaluate(() => window.asyncplayPage.view.tableRows().map((row) => ({ name: row.name, state: row.state })));
    assert.ok(rows.some((row) => row.name === 'host: chat server (accept loop)'), JSON.stringify(rows));
    const lanes = await alice.evaluate(() => window.asyncplayPage.view.timelineMarks().lanes);
    assert.ok(lanes >= 4, `lanes: ${lanes}`);  // the page's own tasks, and the host's accept loop and connections
    await alice.setViewportSize({ width: 1280, height: 1000 });
    await alice.screenshot({ path: 'test-artifacts/local-host-view-1280x1000.png' });
    assert.deepEqual(alice.errors, []);
    await context.close();
  });
});

describe('pages that go, and a relay beside the host', { timeout: 120000 }, () => {
  test('a page that vanishes while the server writes to it: its connection ends in the host, the others go on', async () => {
    const context = await browser.newContext();
    const [watcher, leaving] = [await openIn(context), await openIn(context)];
    await run(watcher, 'connect');
    await run(watcher, 'join rust');
    await run(leaving, 'connect');
    await run(leaving, 'join rust');
    // The host's connection tasks that are still alive, as the watcher's view shows them.
    const alive = (n) => watcher.waitForFunction((n) => window.asyncplayPage.view.tableRows()
      .filter((row) => row.name.startsWith('host: connection from page') && !['done', 'cancelled'].includes(row.state))
      .length === n, n, { timeout: 10000 });
    await alive(2);
    // `leaving` stops reading, so the server's writer to it is held at a full window, then the tab goes.
    await leaving.getByRole('button', { name: 'Pause' }).click();
    await watcher.evaluate(async () => {
      for (let i = 0; i < 300; ++i) await window.asyncplayPage.run(`post rust ${i} ${'y'.repeat(1000)}`);
    });
    await waitForText(watcher, 'rust: 299 yyy', 20000);
    await leaving.close();  // its lock is released: the host ends its connection as an abort
    await alive(1);
    await run(watcher, 'post rust after the other tab went');
    await waitForText(watcher, 'rust: after the other tab went');
    assert.deepEqual(watcher.errors, []);
    await context.close();
  });

  test('with a relay, local is one more host name: chat in the browser, get through the relay, at once', async () => {
    const dev = await startDev();
    const context = await browser.newContext();
    const page = await openIn(context, dev.url);
    await run(page, 'connect local:7878');
    await waitForText(page, 'connected to local:7878: the chat server running in this browser');
    await run(page, 'join rust');
    await run(page, `get 127.0.0.1 ${dev.httpPort} /through-the-relay`);
    await waitForText(page, 'you asked for /through-the-relay');
    await run(page, 'post rust both at once');
    await waitForText(page, 'rust: both at once');
    assert.match(await page.textContent('#status'), /relay ws:\/\/127\.0\.0\.1:\d+\/relay \(reachable\)/);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});
