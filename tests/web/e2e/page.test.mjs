// The page in a real browser (Debian's Chromium, headless) against the real
// native programs on loopback: the chat between pages and the book's native
// client, cheapo_request through the relay, Ctrl-C dropping a future while
// the page keeps painting, and the built site from a plain static server
// with a relay elsewhere.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  asyncplay, atFirstPrompt, freePort, launchBrowser, openPage, root, run, screenText, site, startDev, startNativeChat, startProgram,
  stopAll, waitForMatch, waitForPort, waitForText,
} from './stack.mjs';

const artifacts = path.join(root, 'test-artifacts');
let browser;

before(async () => { browser = await launchBrowser(); });
after(stopAll);

describe('against asyncplay dev', { timeout: 120000 }, () => {
  let dev;
  before(async () => { dev = await startDev(); });

  test('the page loads and shows a prompt', async () => {
    const page = await openPage(browser, dev.url);
    const promptAt = await page.evaluate(() => window.asyncplayPage.promptAt);
    console.log(`first prompt ${promptAt.toFixed(0)} ms after navigation`);
    const text = await screenText(page);
    assert.match(text, /asyncplay> $/m);
    assert.match(text, new RegExp(`chat server ${dev.chat.replace(/\./g, '\\.')}`));
    assert.match(await page.textContent('#status'), /relay ws:\/\/127\.0\.0\.1:\d+\/relay \(not tried yet\)/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a post from one page reaches a second page and the native client, and back', async () => {
    const [alice, bob] = [await openPage(browser, dev.url), await openPage(browser, dev.url)];
    for (const page of [alice, bob]) {
      await run(page, 'connect');
      await waitForText(page, `connected to ${dev.chat}`);
      await run(page, 'join rust');
    }
    const native = await startNativeChat(dev.chat);
    native.send('join rust');
    native.send('post rust the native client is here');
    await native.waitFor('message posted to rust: the native client is here');  // so it has joined
    await waitForText(alice, 'message posted to rust: the native client is here');

    const sentAt = Date.now();
    await run(alice, 'post rust hello');
    await waitForText(bob, 'message posted to rust: hello');
    console.log(`page to page through the relay: ${Date.now() - sentAt} ms including typing`);
    await native.waitFor('message posted to rust: hello');
    await waitForText(alice, 'message posted to rust: hello');
    assert.match(await alice.textContent('#status'), /\(reachable\).*chat: 127\.0\.0\.1:\d+/);

    mkdirSync(artifacts, { recursive: true });
    await alice.screenshot({ path: path.join(artifacts, 'terminal-chat.png') });
    assert.deepEqual([...alice.errors, ...bob.errors], []);
    await alice.close();
    await bob.close();
  });

  test('get runs cheapo_request through the relay', async () => {
    const page = await openPage(browser, dev.url);
    await run(page, `get 127.0.0.1 ${dev.httpPort} /from-the-page`);
    await waitForText(page, 'HTTP/1.1 200 OK');
    await waitForText(page, 'you asked for /from-the-page');
    await page.close();
  });

  test('Ctrl-C drops a get that never answers; the page paints all along', async () => {
    const page = await openPage(browser, dev.url);
    await run(page, `get 127.0.0.1 ${dev.httpPort} /never`, { wait: false });
    await page.waitForFunction(() => window.asyncplayPage.status.running === 'get');  // inside block_on
    const framesBefore = await page.evaluate(() => window.asyncplayPage.frames);
    // block_on is asleep (Asyncify): animation frames must keep coming.
    await page.waitForFunction((n) => window.asyncplayPage.frames >= n + 30, framesBefore, { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.asyncplayPage.busy), 'get', 'the get is still waiting');
    assert.match(await page.textContent('#status'), /get/, 'the status line shows what runs');

    const done = await page.evaluate(() => window.asyncplayPage.commandsDone);
    await page.keyboard.press('Control+C');
    await page.waitForFunction((n) => window.asyncplayPage.commandsDone > n, done, { timeout: 5000 });
    await waitForText(page, '^C: cancelled');
    assert.match(await screenText(page), /asyncplay> $/m, 'the prompt is back');
    await run(page, 'tasks');
    await waitForText(page, '\n0 live task(s)');
    await page.close();
  });

  test('the terminal fits its window when the window changes size', async () => {
    const page = await openPage(browser, dev.url);
    const wide = await page.evaluate(() => window.asyncplayPage.columns());
    const typed = 'a line long enough to wrap once the window is narrow: ' + 'x'.repeat(40);
    await page.keyboard.type(typed);
    // Narrow enough for far fewer columns: at 1100 px the terminal has half
    // the width (the live view has the other half), under 1000 px all of it.
    await page.setViewportSize({ width: 340, height: 400 });
    await page.waitForFunction((w) => window.asyncplayPage.columns() < w, wide);
    const narrow = await page.evaluate(() => window.asyncplayPage.columns());
    assert.ok(narrow < wide / 1.5 && narrow < typed.length, `${wide} -> ${narrow} columns`);
    await page.setViewportSize({ width: 1100, height: 700 });
    await page.waitForFunction((w) => window.asyncplayPage.columns() === w, wide);
    const lines = (await screenText(page)).split('\n').filter((l) => l.startsWith('asyncplay>'));
    assert.deepEqual(lines, [`asyncplay> ${typed}`], 'one prompt, the line whole, nothing left behind');
    await page.close();
  });

  test('editing: messages arrive above the line being typed; history, paste, Ctrl-L, clear', async () => {
    const [page, other] = [await openPage(browser, dev.url), await openPage(browser, dev.url)];
    for (const p of [page, other]) {
      await run(p, 'connect');
      await run(p, 'join editing');
    }
    await page.keyboard.type('post editing half-typ');
    await run(other, 'post editing a message arrives');
    await waitForText(page, 'message posted to editing: a message arrives');
    const text = await screenText(page);
    assert.ok(text.indexOf('a message arrives') < text.lastIndexOf('asyncplay> post editing half-typ'),
              `the message is above the prompt:\n${text}`);
    await page.keyboard.type('ed');
    await page.keyboard.press('Enter');
    await waitForText(page, 'message posted to editing: half-typed');

    // Up brings the last line back; Home, a word, End, Backspace edit it.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.keyboard.type('POST');
    await waitForMatch(page, /asyncplay> POST editing half-typed$/m);
    await page.keyboard.press('Control+U');  // erase it: not a command
    // A paste of two lines runs both, in order.
    const ran = await page.evaluate(() => window.asyncplayPage.commandsDone);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'post editing pasted one\npost editing pasted two\n');
      document.querySelector('.xterm-helper-textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await page.waitForFunction((n) => window.asyncplayPage.commandsDone >= n + 2, ran);
    await waitForText(other, 'message posted to editing: pasted two');
    const seen = await screenText(other);
    assert.ok(seen.indexOf('pasted one') < seen.indexOf('pasted two'), seen);

    await page.keyboard.type('kept');
    await page.keyboard.press('Control+L');
    await page.waitForFunction(() => /^asyncplay> kept\s*$/.test(window.asyncplayPage.text()));  // nothing else left
    await page.keyboard.press('Control+U');
    await run(page, 'clear');
    await page.waitForFunction(() => window.asyncplayPage.text().trim() === 'asyncplay>');
    assert.deepEqual([...page.errors, ...other.errors], []);
    await page.close();
    await other.close();
  });

  test('failures are said in words: a target not allowed, a relay not there', async () => {
    const page = await openPage(browser, dev.url);
    await run(page, 'connect 127.0.0.1:9');
    await waitForText(page, "not on this relay's allow-list");
    await run(page, 'relay ws://127.0.0.1:9/relay');
    await run(page, 'connect');
    await waitForText(page, 'relay unreachable');
    await page.waitForFunction(() => /unreachable/.test(document.querySelector('#status').textContent));
    await page.close();
  });
});

describe('the built site on a plain static server, relay elsewhere', { timeout: 120000 }, () => {
  let origin;
  before(async () => {
    const web = await startProgram('/usr/bin/python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', site, '0'],
                                   [/Serving HTTP on 127\.0\.0\.1 port (\d+)/]);
    origin = `http://127.0.0.1:${web.matches[0][1]}`;
  });

  test('connect, join and post work the same; a refused target and a closing server are said', async () => {
    const chat = await startProgram(asyncplay, ['chat-server', '--listen', '127.0.0.1:0'], [/listening on (\S+)/]);
    const target = chat.matches[0][1];
    const closed = `127.0.0.1:${await freePort()}`;
    const relay = await startProgram(asyncplay, ['relay', '--listen', '127.0.0.1:0', '--allow', target, '--allow', closed,
                                                 '--origin', origin], [/listening on (ws:\S+)/]);
    const relayUrl = relay.matches[0][1];
    const page = await openPage(browser, `${origin}/?relay=${relayUrl}&chat=${target}`);
    await run(page, `connect ${closed}`);
    await waitForText(page, `connect ${closed} via relay ${relayUrl}: connection refused`);
    await run(page, 'connect');
    await waitForText(page, `connected to ${target} via ${relayUrl}`);
    await run(page, 'join rust');
    await run(page, 'post rust from a static host');
    await waitForText(page, 'message posted to rust: from a static host');
    chat.child.kill();
    await waitForText(page, `the chat server ${target} closed the connection`);
    await page.waitForFunction(() => /chat: not connected/.test(document.querySelector('#status').textContent));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  // One writer per stream (issue 12, point 19): 1,000 posts typed while the
  // relay holds the page's socket back (the chat server is stopped, so the
  // relay stops reading the WebSocket and its bufferedAmount passes 1 MiB,
  // where the page's writes wait) arrive at another member all, in order.
  test('1,000 posts made while the relay holds the socket back arrive in order', async () => {
    const chat = await startProgram(asyncplay, ['chat-server', '--listen', '127.0.0.1:0'], [/listening on (\S+)/]);
    const target = chat.matches[0][1];
    const relay = await startProgram(asyncplay, ['relay', '--listen', '127.0.0.1:0', '--allow', target, '--origin', origin],
                                     [/listening on (ws:\S+)/]);
    const relayUrl = relay.matches[0][1];
    // A member that reads everything: a plain TCP client of the book's protocol.
    const [host, port] = target.split(':');
    const member = net.connect({ host, port: Number(port) });
    const got = [];
    let rest = '';
    member.setEncoding('utf8').on('data', (chunk) => {
      rest += chunk;
      for (let at; (at = rest.indexOf('\n')) >= 0; rest = rest.slice(at + 1)) {
        const m = /"message":"(\d+) /.exec(rest.slice(0, at));
        if (m) got.push(Number(m[1]));
      }
    });
    await new Promise((resolve) => member.write('{"Join":{"group_name":"rust"}}\n', resolve));
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.maxBuffered = 0;
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        send.call(this, data);
        window.maxBuffered = Math.max(window.maxBuffered, this.bufferedAmount);
      };
    });
    const page = await atFirstPrompt(await context.newPage({ viewport: { width: 1100, height: 700 } }),
                                     `${origin}/?relay=${relayUrl}&chat=${target}`);
    await run(page, 'connect');
    await waitForText(page, `connected to ${target} via ${relayUrl}`);
    chat.child.kill('SIGSTOP');  // reads nothing: its socket fills, then the relay's, then the page's WebSocket
    await page.evaluate(async () => {
      const body = 'z'.repeat(8000);
      for (let i = 0; i < 1000; ++i) await window.asyncplayPage.run(`post rust ${i} ${body}`);
    });
    await page.waitForFunction(() => window.maxBuffered > 1 << 20, null, { timeout: 20000 });
    chat.child.kill('SIGCONT');
    const until = Date.now() + 30000;
    while (got.length < 1000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(got.length, 1000, `the member got ${got.length} of 1000`);
    assert.deepEqual(got, [...Array(1000).keys()], 'in the order they were posted');
    assert.doesNotMatch(await screenText(page), /not sent|error from server/);
    member.destroy();
    await context.close();
  });

  // Keepalive: Chromium answers the relay's pings by itself, so a chat quiet
  // for three times the idle timeout is not cut (quiet is what is tested here:
  // the wait is the subject, not a guess at a race).
  test('a quiet chat is not cut: the page answers the relay\'s pings', async () => {
    const chat = await startProgram(asyncplay, ['chat-server', '--listen', '127.0.0.1:0'], [/listening on (\S+)/]);
    const target = chat.matches[0][1];
    const relay = await startProgram(asyncplay, ['relay', '--listen', '127.0.0.1:0', '--allow', target, '--origin', origin,
                                                 '--ping-interval', '0.1', '--idle-timeout', '0.3'],
                                     [/listening on (ws:\S+)/]);
    const relayUrl = relay.matches[0][1];
    const page = await openPage(browser, `${origin}/?relay=${relayUrl}&chat=${target}`);
    await run(page, 'connect');
    await waitForText(page, `connected to ${target} via ${relayUrl}`);
    await run(page, 'join rust');
    await page.waitForTimeout(1000);
    await run(page, 'post rust still here after a quiet second');
    await waitForText(page, 'message posted to rust: still here after a quiet second');
    assert.doesNotMatch(await page.textContent('#status'), /not connected/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('with websockify as the relay (subprotocol binary) the chat works too', async () => {
    const chat = await startProgram(asyncplay, ['chat-server', '--listen', '127.0.0.1:0'], [/listening on (\S+)/]);
    const target = chat.matches[0][1];
    const port = await freePort();
    await startProgram('/usr/bin/websockify', [`127.0.0.1:${port}`, target], [/proxying from/]);
    await waitForPort(port);
    const page = await openPage(browser, `${origin}/?relay=ws://127.0.0.1:${port}/&chat=${target}`);
    await run(page, 'connect');
    await waitForText(page, `connected to ${target} via ws://127.0.0.1:${port}/`);
    await run(page, 'join rust');
    await run(page, 'post rust through websockify');
    await waitForText(page, 'message posted to rust: through websockify');
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
