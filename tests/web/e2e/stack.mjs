// What the browser tests start: the native programs on free loopback ports
// (read back from what they print), Debian's Chromium through playwright-core,
// and pages of the built site. Everything started is stopped by stopAll().
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const asyncplay = path.join(root, 'build/native/asyncplay');
export const site = path.join(root, 'dist');
const CHROMIUM = '/usr/bin/chromium';

const started = [];

// Starts a program and waits until its output matches every pattern; returns
// the process, the match groups by pattern, and all it printed.
export function startProgram(command, args, patterns, { timeout = 10000, stdin = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: [stdin, 'pipe', 'pipe'] });
    started.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${path.basename(command)} did not start:\n${output}`)), timeout);
    const look = (chunk) => {
      output += chunk;
      const matches = patterns.map((p) => p.exec(output));
      if (matches.every(Boolean)) {
        clearTimeout(timer);
        resolve({ child, matches, output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', look);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; look(''); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(command)} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

// `asyncplay dev` on free ports, serving the built site; with tls
// ({ cert, key } files), over https:// and wss://.
export async function startDev({ tls = null } = {}) {
  if (!existsSync(asyncplay)) throw new Error(`${asyncplay} is not built (npm test builds it)`);
  if (!existsSync(path.join(site, 'index.html'))) throw new Error(`${site} is not built (npm run build)`);
  const { matches, output } = await startProgram(asyncplay,
    ['dev', '--port', '0', '--chat-port', '0', '--http-port', '0', '--static', site,
     ...(tls ? ['--tls-cert', tls.cert, '--tls-key', tls.key] : [])],
    [/^ {2}chat server +(\S+)/m, /^ {2}http endpoint +127\.0\.0\.1:(\d+)/m, /^open (https?:\S+)/m]);
  // output(): all it printed so far (the relay's line per tunnel), for a failure's message.
  return { chat: matches[0][1], httpPort: matches[1][1], url: matches[2][1], output };
}

// The built site served by a plain static server (Python's http.server) on a
// free port, with nothing else: no relay, no chat server, no config of ours.
export async function startStaticSite(folder = site) {
  if (!existsSync(path.join(folder, 'index.html'))) throw new Error(`${folder} is not built (npm run build)`);
  const { matches } = await startProgram('/usr/bin/python3',
    ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', folder],
    [/Serving HTTP on 127\.0\.0\.1 port (\d+)/]);
  return { url: `http://127.0.0.1:${matches[0][1]}/` };
}

// The book's chat client (native), with its output collected.
export async function startNativeChat(target) {
  const program = await startProgram(asyncplay, ['chat', target], [/^connected to /m], { stdin: 'pipe' });
  return {
    send: (line) => program.child.stdin.write(`${line}\n`),
    output: program.output,
    async waitFor(text, timeout = 5000) {
      const until = Date.now() + timeout;
      while (!program.output().includes(text)) {
        if (Date.now() > until) throw new Error(`the native client never printed '${text}':\n${program.output()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

// A port nothing listens on right now (for programs that cannot report the
// port they were given with 0, and for a target that refuses).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

// Resolves once something accepts TCP connections on the port.
export async function waitForPort(port, timeout = 10000) {
  const until = Date.now() + timeout;
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// scrollbars: draw them as a person's browser does (headless Chromium hides
// them, and a test of whether one can be seen needs them).
// args: more command-line flags (e.g. to trust a test certificate's key).
export async function launchBrowser({ scrollbars = false, args = [] } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/setup.sh --browser)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,  // Debian's; playwright never downloads one here
    headless: true,
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [],
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-features=Translate,MediaRouter',
           ...args],
  });
  started.push({ kill: () => browser.close().catch(() => {}) });
  return browser;
}

// A page of the site, at its first prompt. page.errors collects what the
// page's console and uncaught exceptions said.
export async function openPage(browser, url) {
  return atFirstPrompt(await browser.newPage({ viewport: { width: 1100, height: 700 } }), url);
}

// Collects what the page's console and uncaught exceptions say into
// page.errors, opens url and waits for the first prompt (shared with person.mjs).
export async function atFirstPrompt(page, url) {
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.asyncplayPage && window.asyncplayPage.promptAt !== null, null, { timeout: 15000 });
  await page.click('#terminal');
  return page;
}

// Types a command and presses Enter; with wait, returns once its prompt is back.
export async function run(page, line, { wait = true, timeout = 10000 } = {}) {
  const before = await page.evaluate(() => window.asyncplayPage.commandsDone);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  if (wait) {
    await page.waitForFunction((n) => window.asyncplayPage.commandsDone > n, before, { timeout });
  }
}

export const screenText = (page) => page.evaluate(() => window.asyncplayPage.text());

// The page breaks long rows at spaces to fit the terminal: a row break (and
// the next row's indent) also counts as the space it replaced.
export async function waitForText(page, text, timeout = 5000) {
  try {
    await page.waitForFunction((t) => {
      const shown = window.asyncplayPage.text();
      return shown.includes(t) || shown.replace(/ *\n */g, ' ').includes(t);
    }, text, { timeout });
  } catch {
    throw new Error(`the page never showed '${text}':\n${await screenText(page)}`);
  }
  await drawn(page);
}

// The terminal draws what is in its buffer in its next animation frame
// (xterm.js asks for one when a write is parsed): once two more frames have
// run, the rows on screen hold it, for a check that reads them or a shot.
// A page that draws no frames (hidden) is not waited for past a second: its
// rows are not drawn either way, and the check that reads them says so.
export function drawn(page) {
  return page.evaluate(() => new Promise((resolve) => {
    requestAnimationFrame(() => requestAnimationFrame(resolve));
    setTimeout(resolve, 1000);
  }));
}

// The terminal draws what was written in a later frame: a check of the
// screen waits until it matches rather than reading it once.
export async function waitForMatch(page, pattern, timeout = 5000) {
  try {
    await page.waitForFunction(([source, flags]) => new RegExp(source, flags).test(window.asyncplayPage.text()),
                               [pattern.source, pattern.flags], { timeout });
  } catch {
    throw new Error(`the page never matched ${pattern}:\n${await screenText(page)}`);
  }
  await drawn(page);
}

export function stopAll() {
  for (const thing of started.splice(0)) thing.kill();
}
