// The `web` section of `npm run bench`: what the page weighs and how fast it
// is, with baselines measured in the same run.
//   sizes        dist/'s files raw and gzipped; asyncplay.wasm with Asyncify on
//                the block_on path only (what ships), with none, and everywhere
//   first prompt navigation -> first prompt in headless Chromium, fresh
//                context each time (no HTTP or compiled-wasm cache), loopback
//   chat RTT     a post from page A until page B prints it, through the relay
//                and the chat server; against two Node TCP clients talking to
//                the chat server directly, and two Node `ws` clients through
//                the same relay (no browser, no wasm); and through the
//                in-browser host (docs/LOCAL_HOST.md: two tabs of one profile,
//                the chat server in their SharedWorker)
//   in-browser host  what its worker loads, and navigation -> `connect` answered
//                by it, fresh context each time, the site on a plain static server
// Usage: node bench/web_page.mjs [--rounds N] (after the site and build/native are built)
import { readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { atFirstPrompt, launchBrowser, openPage, root, site, startDev, startStaticSite, stopAll } from '../tests/web/e2e/stack.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 200;
const loads = 10;

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

function sizes() {
  const rows = [];
  const file = (label, p) => {
    const raw = readFileSync(p);
    rows.push([label, raw.length, gzipSync(raw, { level: 9 }).length]);
    return rows[rows.length - 1];
  };
  let total = [0, 0];
  let runtime = [0, 0];
  for (const name of ['index.html', 'app.js', 'app.css', 'asyncplay.js', 'asyncplay.wasm', 'config.json']) {
    const [, raw, gz] = file(`dist/${name}`, path.join(site, name));
    total = [total[0] + raw, total[1] + gz];
    if (name.startsWith('asyncplay')) runtime = [runtime[0] + raw, runtime[1] + gz];
  }
  rows.push(['runtime (asyncplay.js + .wasm)', ...runtime], ['the whole page', ...total]);
  // Loaded only once a page connects to `local`, by the worker.
  let host = [0, 0];
  for (const name of ['host_worker.js', 'asyncplay_host.js', 'asyncplay_host.wasm']) {
    const [, raw, gz] = file(`dist/${name}`, path.join(site, name));
    host = [host[0] + raw, host[1] + gz];
  }
  rows.push(['the in-browser host (what its worker loads)', ...host]);
  const probes = path.join(root, 'build/wasm/web-size');
  const none = file('wasm without Asyncify', path.join(probes, 'asyncplay_web_no_asyncify.wasm'));
  const all = file('wasm, Asyncify everywhere', path.join(probes, 'asyncplay_web_full_asyncify.wasm'));
  const shipped = rows.find((r) => r[0] === 'dist/asyncplay.wasm');
  console.log('\n| file | raw | gzip -9 |\n|---|---:|---:|');
  for (const [label, raw, gz] of rows) console.log(`| ${label} | ${kib(raw)} | ${kib(gz)} |`);
  console.log(`\nAsyncify's share of asyncplay.wasm (gzip): ${kib(shipped[2] - none[2])} on the block_on path only ` +
              `(${(100 * (shipped[2] - none[2]) / shipped[2]).toFixed(1)}%), ${kib(all[2] - none[2])} if left to ` +
              `instrument everything it suspects (${(100 * (all[2] - none[2]) / all[2]).toFixed(1)}%)`);
}

async function firstPrompt(browser, url) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.asyncplayPage && window.asyncplayPage.promptAt !== null);
    times.push(await page.evaluate(() => window.asyncplayPage.promptAt));
    await context.close();
  }
  return times;
}

// Navigation until the in-browser host answered `connect`, in fresh contexts.
async function firstLocalConnect(browser, url) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await atFirstPrompt(await context.newPage(), url);
    times.push(await page.evaluate(() => new Promise((resolve) => {
      window.asyncplayPage.outputListeners.push((kind, text) => {
        if (text.startsWith('connected to local:7878')) resolve(performance.now());
      });
      window.asyncplayPage.run('connect');
    })));
    await context.close();
  }
  return times;
}

// Page A posts, page B prints: the time between, from the pages' own clocks.
// open(): a page at its first prompt (two of one context share a SharedWorker).
async function pageToPage(open) {
  const [a, b] = [await open(), await open()];
  await b.evaluate(() => {
    window.arrivals = {};
    window.asyncplayPage.outputListeners.push((kind, text) => {
      const m = /message posted to bench: (\S+)/.exec(text);
      if (m) window.arrivals[m[1]] = performance.timeOrigin + performance.now();
    });
  });
  for (const page of [a, b]) await page.evaluate(() => window.asyncplayPage.run('connect'));
  await b.evaluate(() => window.asyncplayPage.run('join bench'));
  await b.evaluate(() => window.asyncplayPage.run('post bench ready'));
  await b.waitForFunction(() => window.arrivals.ready);  // B's join is done: it saw its own post
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const sent = await a.evaluate(async (n) => {
      const t = performance.timeOrigin + performance.now();
      await window.asyncplayPage.run(`post bench ping-${n}`);
      return t;
    }, i);
    const got = await b.waitForFunction((n) => window.arrivals[`ping-${n}`], i).then((h) => h.jsonValue());
    times.push(got - sent);
  }
  await a.close();
  await b.close();
  return times;
}

// Two clients with a send(line) and a way to wait for a received line.
async function clientPair(open) {
  const [a, b] = [await open(), await open()];
  await b.send('{"Join":{"group_name":"bench"}}');
  await b.send('{"Post":{"group_name":"bench","message":"ready"}}');
  await b.next('"ready"');
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const sent = performance.now();
    const arrived = b.next(`"ping-${i}"`);
    await a.send(`{"Post":{"group_name":"bench","message":"ping-${i}"}}`);
    await arrived;
    times.push(performance.now() - sent);
  }
  a.close();
  b.close();
  return times;
}

// Resolves next(text) when a received line contains text.
function lineWaiter() {
  let buffer = '';
  const waiting = [];
  return {
    feed(chunk) {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        for (const w of waiting.filter((x) => line.includes(x.text))) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    next: (text) => new Promise((resolve) => waiting.push({ text, resolve })),
  };
}

function tcpClient(target) {
  const [host, port] = target.split(':');
  return () => new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), noDelay: true }, () => resolve({
      send: (line) => new Promise((r) => socket.write(`${line}\n`, r)),
      next: (text) => lines.next(text),
      close: () => socket.destroy(),
    }));
    const lines = lineWaiter();
    socket.setEncoding('utf8').on('data', (d) => lines.feed(d));
  });
}

function relayClient(relay, target) {
  return () => new Promise((resolve, reject) => {
    const socket = new WebSocket(`${relay}?target=${target}`, ['binary']);
    const lines = lineWaiter();
    socket.on('message', (d) => lines.feed(d.toString('utf8')));
    socket.on('error', reject);
    socket.on('open', () => resolve({
      send: (line) => new Promise((r) => socket.send(Buffer.from(`${line}\n`), r)),
      next: (text) => lines.next(text),
      close: () => socket.close(),
    }));
  });
}

const summary = (label, xs, base) => `| ${label} | ${median(xs).toFixed(2)} ms | ${pct(xs, 0.9).toFixed(2)} ms | ` +
  `${base ? `${(median(xs) / median(base)).toFixed(1)}×` : '1×'} |`;

try {
  sizes();
  const dev = await startDev();
  const staticSite = await startStaticSite();
  const browser = await launchBrowser();
  const loadsMs = await firstPrompt(browser, dev.url);
  console.log(`\nfirst prompt after navigation (${loads} fresh contexts): median ${median(loadsMs).toFixed(0)} ms, ` +
              `min ${Math.min(...loadsMs).toFixed(0)} ms, max ${Math.max(...loadsMs).toFixed(0)} ms`);
  const localMs = await firstLocalConnect(browser, staticSite.url);
  console.log(`navigation -> the in-browser host answered connect (${loads} fresh contexts, no relay): ` +
              `median ${median(localMs).toFixed(0)} ms, min ${Math.min(...localMs).toFixed(0)} ms, ` +
              `max ${Math.max(...localMs).toFixed(0)} ms`);
  // Alternate the three kinds of pair twice, so that what else the machine does falls on all of them.
  const times = { direct: [], relay: [], page: [], local: [] };
  const relayUrl = dev.url.replace(/^http/, 'ws') + 'relay';
  for (let pass = 0; pass < 2; pass++) {
    times.direct.push(...await clientPair(tcpClient(dev.chat)));
    times.relay.push(...await clientPair(relayClient(relayUrl, dev.chat)));
    times.page.push(...await pageToPage(() => openPage(browser, dev.url)));
    const context = await browser.newContext();
    times.local.push(...await pageToPage(async () => atFirstPrompt(await context.newPage(), staticSite.url)));
    await context.close();
  }
  console.log(`\nchat post -> delivery, ${2 * rounds} posts each, one at a time\n`);
  console.log('| path | median | p90 | ÷ direct |\n|---|---:|---:|---:|');
  console.log(summary('Node TCP -> chat server -> Node TCP', times.direct));
  console.log(summary('Node ws -> relay -> chat server -> relay -> Node ws', times.relay, times.direct));
  console.log(summary('page -> relay -> chat server -> relay -> page (wasm, Chromium)', times.page, times.direct));
  console.log(summary('page -> in-browser host (SharedWorker) -> page (wasm, Chromium)', times.local, times.direct));
} finally {
  stopAll();
}
