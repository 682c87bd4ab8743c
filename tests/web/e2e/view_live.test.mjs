// The live view against the real runtime (the WebAssembly build in the built
// site, served by `asyncplay dev`, with the native chat server and relay, all
// on loopback): Pause then Step through a `get`, one poll per press, parked
// in turn at cheapo_request.cpp's connect and read (the table and the source
// pane agreeing with the file on disk); a wake arrow from each WebSocket
// event to its poll; the chat reader parked at its read and woken by each
// message; Download trace; no lint anywhere; screenshots at 1280×800 and
// 390×844 (test-artifacts/). The same view against a mock: view_mock.test.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, root, run, startDev, startNativeChat, stopAll, waitForText } from './stack.mjs';
import { lineOf } from '../fixtures/mock_events.mjs';

const artifacts = path.join(root, 'test-artifacts');
// The await sites, found in the files the page embeds (not numbers that rot).
const CHEAPO = 'http/cheapo_request.cpp';
const connectLine = lineOf(CHEAPO, 'co_await TcpStream::connect');
const writeLine = lineOf(CHEAPO, 'co_await socket->write_all');
const readLine = lineOf(CHEAPO, 'co_await socket->read_to_string');
const CHAT = 'chat/client.cpp';
const chatReadLine = lineOf(CHAT, 'co_await replies.next_line()');
const WAIT = { timeout: 5000 };

let browser;
let dev;
before(async () => {
  [browser, dev] = await Promise.all([launchBrowser({ scrollbars: true }), startDev()]);
  mkdirSync(artifacts, { recursive: true });
});
after(stopAll);

async function open() {
  const page = await openPage(browser, dev.url);
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}
const inView = (page, fn, arg) => page.evaluate(fn, arg);
const events = (page) => inView(page, () => [...window.asyncplayPage.view.store.events]);
const rowsOf = (page) => inView(page, () => window.asyncplayPage.view.tableRows());
const taskNamed = async (page, name) => (await events(page)).find((e) => e.e === 'spawn' && e.name === name)?.task;
const button = (name) => `.ap-controls button:text-is("${name}")`;
const nextFrame = (page) => inView(page, () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Our own futures must never trip a lint, and the page never logs an error.
async function clean(page) {
  const all = await events(page);
  assert.deepEqual(all.filter((e) => e.e === 'lint'), [], 'no lint in the store');
  assert.deepEqual((await rowsOf(page)).flatMap((r) => r.lints), []);
  assert.equal(await inView(page, () => window.asyncplayPage.view.errors()), 0, 'the view never threw');
  assert.deepEqual(page.errors, []);
}

// For `task`: each of its wakes whose cause is a WebSocket event, and the poll
// that names it (the next poll of that task, as the docs say).
function wakesToPolls(all, task) {
  const wakes = all.filter((e) => e.e === 'wake' && e.task === task && e.cause.kind === 'websocket');
  return wakes.map((w) => ({ wake: w, poll: all.find((e) => e.e === 'poll' && e.task === task && e.seq > w.seq) }));
}

// Every column of the tasks table can be read: at 1280 px it fits its pane;
// at 390 px it fits, or its pane scrolls sideways with a scrollbar that
// takes room (one a person sees, not one overlaid only while scrolling).
const columns = (page) => inView(page, () => {
  const body = document.querySelector('.ap-pane-tasks .ap-pane-body');
  const table = document.querySelector('.ap-tasks');
  const heads = [...table.querySelectorAll('th')].map((th) => th.getBoundingClientRect().width);
  return { fits: table.getBoundingClientRect().right <= body.getBoundingClientRect().right + 0.5,
           scrolls: body.scrollWidth > body.clientWidth && /auto|scroll/.test(getComputedStyle(body).overflowX),
           scrollbar: body.offsetHeight - body.clientHeight - parseFloat(getComputedStyle(body).borderBottomWidth || 0),
           heads: heads.length === 9 && heads.every((w) => w > 0) };
});

async function screenshots(page) {
  assert.deepEqual(await columns(page), { fits: true, scrolls: false, scrollbar: 0, heads: true }, '1280×800');
  await page.screenshot({ path: path.join(artifacts, 'view-live-1280x800.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  // The terminal refits a moment after a resize; then nothing of the page is
  // wider than the screen (only the table's pane scrolls sideways).
  await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, WAIT);
  await nextFrame(page);
  const narrow = await columns(page);
  assert.ok(narrow.heads && (narrow.fits || (narrow.scrolls && narrow.scrollbar > 0)), `390×844: ${JSON.stringify(narrow)}`);
  await page.screenshot({ path: path.join(artifacts, 'view-live-390x844.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await nextFrame(page);
}

async function runGet(page) {
  const before = await inView(page, () => window.asyncplayPage.commandsDone);
  await page.click('#terminal');  // a button of the view had the focus
  await run(page, `get 127.0.0.1 ${dev.httpPort} /`, { wait: false });
  return before;
}
const promptBack = (page, before) => page.waitForFunction((n) => window.asyncplayPage.commandsDone > n, before, { timeout: 10000 });

describe('the live view, against the real runtime', { timeout: 60000 }, () => {
  test('paused, each Step polls exactly one task; get is parked at connect, then at read_to_string (never at write); Play finishes', async () => {
    const page = await open();
    await page.click(button('Pause'));
    await page.waitForFunction(() => window.asyncplayPage.status.paused === true, null, WAIT);
    const commands = await runGet(page);
    await page.waitForFunction(() => [...window.asyncplayPage.view.store.events].some((e) => e.e === 'spawn' && e.name === 'get'), null, WAIT);
    const get = await taskNamed(page, 'get');
    const polls = async () => (await events(page)).filter((e) => e.e === 'poll');
    assert.equal((await polls()).length, 0, 'paused: the command is spawned, nothing is polled');
    const parked = [];
    const done = async () => (await events(page)).some((e) => e.e === 'ready' && e.task === get);
    for (let press = 1; press <= 12; press++) {
      if (parked.length && parked[parked.length - 1].line === readLine) break;  // the two awaits seen: Play
      if (await done()) break;  // get finished first: the assertion below says where it was parked
      // Something is ready (a wake may take a moment to come): then nothing
      // polled it while paused, and the press polls exactly one task.
      await page.waitForFunction(() => window.asyncplayPage.status.ready > 0, null, WAIT);
      const seen = await polls();
      assert.equal(seen.length, press - 1, `before press ${press}: only the presses polled`);
      await page.click(button('Step'));
      await page.waitForFunction((n) => [...window.asyncplayPage.view.store.events].filter((e) => e.e === 'poll').length > n, seen.length, WAIT);
      await nextFrame(page);
      const all = await events(page);
      const now = all.filter((e) => e.e === 'poll');
      assert.equal(now.length, press, `press ${press}: exactly one poll more`);
      const rows = await rowsOf(page);
      assert.equal(rows.reduce((sum, r) => sum + r.polls, 0), press, 'the polls column agrees');
      assert.doesNotMatch(await page.textContent('.ap-controls'), /no task was ready/);
      const polled = now[now.length - 1];
      const ended = all.find((e) => (e.e === 'pending' || e.e === 'ready') && e.task === polled.task && e.seq > polled.seq);
      assert.ok(ended, `press ${press}: its poll ended within the step`);
      if (polled.task !== get || ended.e !== 'pending') continue;
      const row = rows.find((r) => r.id === get);
      assert.equal(await inView(page, () => window.asyncplayPage.view.followed()), get, 'the view follows the command');
      const shown = await inView(page, () => window.asyncplayPage.view.sourceLine());
      parked.push({ row: row.parkedAt, file: row.parked.file, line: row.parked.line, shown });
      assert.deepEqual(shown, { file: row.parked.file, line: row.parked.line }, 'the table and the highlighted line agree');
      const here = (await page.textContent('.ap-line.ap-here')).replace(/^\s*\d+/, '').trim();
      assert.equal(here, readFileSync(path.join(root, 'src', shown.file), 'utf8').split('\n')[shown.line - 1].trim());
    }
    assert.deepEqual(parked.map((p) => [p.file, p.line]), [[CHEAPO, connectLine], [CHEAPO, readLine]], JSON.stringify(parked));
    assert.equal(parked[0].row, `cheapo_request cheapo_request.cpp:${connectLine}`);
    // write_all is Ready at once in the browser: the WebSocket buffers what
    // it is given, so no poll of get ever stops at the write.
    const pendings = (await events(page)).filter((e) => e.e === 'pending' && e.task === get);
    assert.ok(pendings.every((p) => !p.at.some((a) => a.file === CHEAPO && a.line === writeLine)), 'never parked at write_all');
    // The runtime's frame under the read is one link away, marked so.
    assert.match(await page.textContent('.ap-chain'), /read_to_string [\w.]+:\d+runtime/);
    // Parked at the read, paused: the moment the screenshots show.
    await screenshots(page);

    await page.click(button('Play'));
    await promptBack(page, commands);
    await waitForText(page, 'HTTP/1.1 200 OK');
    assert.equal((await rowsOf(page)).find((r) => r.id === get).state, 'done');
    await clean(page);
    await page.close();
  });

  test('a wake arrow from each WebSocket event to the poll it led to', async () => {
    const page = await open();
    await promptBack(page, await runGet(page));
    await waitForText(page, 'HTTP/1.1 200 OK');
    const get = await taskNamed(page, 'get');
    const links = wakesToPolls(await events(page), get);
    assert.ok(links.length >= 2, 'at least the open and a message');
    for (const { wake, poll } of links) {
      assert.ok(poll, `a poll follows ${wake.cause.text}`);
      assert.equal(poll.wake, wake.wake, `the poll after '${wake.cause.text}' names its wake`);
    }
    await page.click('.ap-pane-timeline button:text-is("Fit")');
    await page.waitForFunction(() => window.asyncplayPage.view.isLive(), null, WAIT);
    await nextFrame(page);
    const marks = await inView(page, () => window.asyncplayPage.view.timelineMarks());
    assert.ok(marks.arrows >= links.length, `${marks.arrows} arrows for ${links.length} WebSocket wakes`);
    assert.deepEqual(await inView(page, () => window.asyncplayPage.view.sourceLine()), { file: CHEAPO, line: readLine });

    await clean(page);
    await page.close();
  });

  test('the chat: the reader is parked at its read and woken by each message, a poll after each', async () => {
    const page = await open();
    await run(page, 'connect');
    await waitForText(page, `connected to ${dev.chat}`);
    await run(page, 'join rust');
    const native = await startNativeChat(dev.chat);
    native.send('join rust');
    const posts = ['one', 'two', 'three'];
    for (const word of posts) {
      native.send(`post rust message ${word}`);
      await waitForText(page, `message posted to rust: message ${word}`);  // one at a time: one WebSocket message each
    }
    const replies = await taskNamed(page, 'chat replies');
    assert.ok(replies, 'the chat replies task was spawned');
    await page.click(`tr[data-task="${replies}"]`);
    await page.waitForFunction((id) => window.asyncplayPage.view.followed() === id, replies, WAIT);
    await nextFrame(page);
    const row = (await rowsOf(page)).find((r) => r.id === replies);
    assert.equal(row.state, 'pending');
    assert.deepEqual([row.parked.file, row.parked.line], [CHAT, chatReadLine]);
    assert.deepEqual(await inView(page, () => window.asyncplayPage.view.sourceLine()), { file: CHAT, line: chatReadLine });
    const links = wakesToPolls(await events(page), replies);
    const messages = links.filter(({ wake }) => /^WebSocket \d+ message of \d+ bytes$/.test(wake.cause.text));
    assert.ok(messages.length >= posts.length, `${messages.length} message wakes: ${links.map((l) => l.wake.cause.text)}`);
    for (const { wake, poll } of messages) assert.equal(poll && poll.wake, wake.wake, `a poll follows '${wake.cause.text}'`);
    await clean(page);
    await page.close();
  });

  test('Download trace: Chrome trace events with the get task\'s track, poll slices and whole flows', async () => {
    const page = await open();
    await promptBack(page, await runGet(page));
    const get = await taskNamed(page, 'get');
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click(button('Download trace'))]);
    assert.equal(download.suggestedFilename(), 'asyncplay-trace.json');
    const trace = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(Array.isArray(trace) && trace.length > 0, 'an array of events');
    for (const e of trace) {
      assert.ok(typeof e.ph === 'string' && Number.isInteger(e.pid) && Number.isInteger(e.tid) && typeof e.ts === 'number', JSON.stringify(e));
    }
    assert.ok(trace.some((e) => e.ph === 'M' && e.name === 'thread_name' && e.tid === get && /\bget\b/.test(e.args.name)), 'a track named for get');
    const slices = trace.filter((e) => e.ph === 'X' && e.cat === 'poll');
    assert.ok(slices.some((e) => e.tid === get && e.dur >= 0), 'poll slices on get\'s track');
    const starts = new Map(trace.filter((e) => e.ph === 's').map((e) => [e.id, e]));
    const ends = trace.filter((e) => e.ph === 'f');
    assert.ok(ends.length > 0, 'flows from wakes to polls');
    for (const f of ends) {
      const s = starts.get(f.id);
      assert.ok(s && s.ts <= f.ts, `flow ${f.id} starts no later than it ends`);
    }
    await clean(page);
    await page.close();
  });
});
