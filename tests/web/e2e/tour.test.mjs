// The tour (web/src/tour/), in both languages, against the real stack
// (`asyncplay dev`, the built site): each of its first five steps done with
// its own button, and the live view showing what the step's text says —
// the future created and not polled, the first poll parked at connect,
// Pending polled no more, the wake leading to the poll that resumes there,
// block_on driving it to Ready.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import en from '../../../web/src/lang/en.js';
import es from '../../../web/src/lang/es.js';
import { launchBrowser, root, run, startDev, stopAll, waitForText } from './stack.mjs';
import { openAs } from './person.mjs';
import { lineOf } from '../fixtures/mock_events.mjs';

const CHEAPO = 'http/cheapo_request.cpp';
const connectLine = lineOf(CHEAPO, 'co_await TcpStream::connect');
const readLine = lineOf(CHEAPO, 'co_await socket->read_to_string');
const SERVER = 'chat/server.cpp';
const heldWrite = lineOf(SERVER, 'co_await stall.limit(socket.write');
const SESSION = 'chat/client_session.cpp';
const writerIdle = lineOf(SESSION, 'co_await commands.recv()');
const WAIT = { timeout: 8000 };
const artifacts = path.join(root, 'test-artifacts');

let browser;
let dev;
before(async () => { [browser, dev] = await Promise.all([launchBrowser(), startDev()]); });
after(stopAll);

const rows = (page) => page.evaluate(() => window.asyncplayPage.view.tableRows());
const row = async (page, name) => (await rows(page)).find((r) => r.name === name);
const polls = (page) => page.evaluate(() => [...window.asyncplayPage.view.store.events].filter((e) => e.e === 'poll').length);
const until = async (page, fn, arg) => {
  try {
    await page.waitForFunction(fn, arg, WAIT);
  } catch (error) {
    const seen = await page.evaluate(() => ({ status: window.asyncplayPage.status, rows: window.asyncplayPage.view.tableRows(),
                                              events: [...window.asyncplayPage.view.store.events].map((e) => `${e.e} ${e.task ?? ''}`).join(', ') }));
    const log = dev.output().split('\n').slice(-20).join('\n');
    throw new Error(`${error.message}\n${JSON.stringify(seen)}\nasyncplay dev printed, last lines:\n${log}`);
  }
};
const stepShown = (page) => page.evaluate(() => document.getElementById('tour').dataset.step);

async function doStep(page, text, n) {
  assert.equal(await stepShown(page), String(n));
  assert.equal(await page.textContent('#tour .tour-title'), text[`tour${n}Title`]);
  await page.click('#tour .tour-do');
}

for (const [lang, text, locale] of [['en', en, 'en-US'], ['es', es, 'es-ES']]) {
  describe(`the tour in ${lang === 'en' ? 'English' : 'Spanish'}`, { timeout: 90000 }, () => {
    test('each step does what it says, and the view shows it', async () => {
      const page = await openAs(browser, dev.url, { locale });
      assert.equal(await page.textContent('#tour-open'), text.tourOpen);
      await run(page, 'tour');
      assert.equal(await page.evaluate(() => document.getElementById('tour').hidden), false);
      assert.equal(await page.textContent('#tour .tour-counter'), text.tourStepOf.replace('{n}', 1).replace('{of}', 11));

      // 1. The future exists; nothing ran, nothing connected.
      await doStep(page, text, 1);
      await until(page, () => window.asyncplayPage.view.tableRows().some((r) => r.name === 'get'));
      await until(page, () => window.asyncplayPage.status.paused === true);
      let get = await row(page, 'get');
      assert.equal(get.state, 'scheduled');
      assert.equal(get.polls, 0);
      assert.equal(await polls(page), 0, 'paused: spawned, not polled');

      // 2. The first poll runs to connect and returns Pending.
      await page.click('#tour .tour-next');
      await doStep(page, text, 2);
      await until(page, (line) => {
        const r = window.asyncplayPage.view.tableRows().find((x) => x.name === 'get');
        return r && r.polls === 1 && r.parked?.line === line;
      }, connectLine);
      get = await row(page, 'get');
      // Pending, or already woken by the relay's answer (it can come at once): either way not polled again.
      assert.ok(['pending', 'scheduled'].includes(get.state), get.state);
      assert.equal(get.parked.file, CHEAPO);
      const ended = await page.evaluate(() => [...window.asyncplayPage.view.store.events].filter((e) => e.e === 'pending' || e.e === 'ready').map((e) => e.e));
      assert.deepEqual(ended, ['pending'], 'the one poll returned Pending');
      assert.deepEqual(await page.evaluate(() => window.asyncplayPage.view.sourceLine()), { file: CHEAPO, line: connectLine });
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, `tour-${lang}-1280x800.png`) });

      // 3. Pending keeps the frame; the other ready task is polled, get is not.
      await page.click('#tour .tour-next');
      await doStep(page, text, 3);
      await until(page, () => window.asyncplayPage.view.tableRows().find((r) => r.name === 'block_on')?.polls === 1);
      get = await row(page, 'get');
      assert.equal(get.polls, 1, 'nothing polls an idle task');
      assert.match(await page.textContent('.ap-pane-source'), /\d+ bytes/, 'the frame that keeps the locals');

      // 4. The relay's "connected" wakes get; the next poll resumes at connect and parks at the read.
      await page.click('#tour .tour-next');
      await doStep(page, text, 4);
      await until(page, ([file, line]) => {
        const r = window.asyncplayPage.view.tableRows().find((x) => x.name === 'get');
        return r && r.polls === 2 && r.parked && r.parked.file === file && r.parked.line === line;
      }, [CHEAPO, readLine]);
      const wake = await page.evaluate(() => [...window.asyncplayPage.view.store.events].find((e) => e.e === 'wake' && e.cause.kind === 'websocket'));
      assert.ok(wake, 'a WebSocket event woke get');
      assert.ok((await page.evaluate(() => window.asyncplayPage.view.timelineMarks())).arrows >= 1, 'drawn as an arrow');

      // 5. block_on drives it to Ready while the page keeps painting.
      await page.click('#tour .tour-next');
      const frames = await page.evaluate(() => window.asyncplayPage.frames);
      await doStep(page, text, 5);
      await waitForText(page, 'HTTP/1.1 200 OK');
      await until(page, () => window.asyncplayPage.view.tableRows().find((r) => r.name === 'get')?.state === 'done');
      assert.ok(await page.evaluate(() => window.asyncplayPage.frames) > frames, 'the page kept painting');
      assert.equal(await page.evaluate(() => window.asyncplayPage.status.paused), false);

      // 6. The accept loop: the book's chat server in the in-browser host, its
      // accept loop and the task it spawned for this page, beside the client's tasks.
      await page.click('#tour .tour-next');
      await doStep(page, text, 6);
      await until(page, () => ['chat writer', 'chat replies', 'chat watch', 'host: chat server (accept loop)'].every((name) =>
        window.asyncplayPage.view.tableRows().some((r) => r.name === name && r.state === 'pending')));
      await until(page, () => window.asyncplayPage.view.tableRows().some((r) =>
        r.name.startsWith('host: connection from page') && r.state === 'pending'));

      // 7. Figures to read: no button to press.
      await page.click('#tour .tour-next');
      assert.equal(await stepShown(page), '7');
      assert.equal(await page.textContent('#tour .tour-title'), text.tour7Title);
      assert.equal(await page.evaluate(() => document.querySelector('#tour .tour-do').hidden), true);

      // 8. Three gets at once on one thread: each polled before any is Ready.
      await page.click('#tour .tour-next');
      await doStep(page, text, 8);
      await until(page, () => window.asyncplayPage.view.tableRows().filter((r) => /^get http/.test(r.name) && r.state === 'done').length === 3);
      const overlap = await page.evaluate(() => {
        const all = [...window.asyncplayPage.view.store.events];
        const ids = new Set(all.filter((e) => e.e === 'spawn' && /^get http/.test(e.name)).map((e) => e.task));
        const firstPolls = [...ids].map((id) => all.find((e) => e.e === 'poll' && e.task === id).seq);
        const readies = [...ids].map((id) => all.find((e) => e.e === 'ready' && e.task === id).seq);
        return { tasks: ids.size, lastStart: Math.max(...firstPolls), firstEnd: Math.min(...readies) };
      });
      assert.equal(overlap.tasks, 3);
      assert.ok(overlap.lastStart < overlap.firstEnd, `every request was under way before the first ended: ${JSON.stringify(overlap)}`);

      // 9. race: the timer wins and the spawned get of /slow is dropped, its task cancelled.
      await page.click('#tour .tour-next');
      await doStep(page, text, 9);
      await waitForText(page, lang === 'en' ? '; dropped ' : '; descartado ');
      await until(page, () => window.asyncplayPage.view.tableRows().some((r) => /\/slow/.test(r.name) && r.state === 'cancelled'));

      // 10. A slow subscriber: this tab joins tour and is paused once the
      // join is written; the second tab, opened from the step's link, posts a
      // burst; the server's write to this tab is held at a full window, and on
      // Play this member is told what the group no longer kept for it.
      await page.click('#tour .tour-next');
      assert.equal(await page.evaluate(() => document.querySelector('#tour .tour-aside').hidden), true, 'no link before the step is done');
      await doStep(page, text, 10);
      await until(page, () => window.asyncplayPage.status.paused === true);
      const [poster] = await Promise.all([page.context().waitForEvent('page'), page.click('#tour .tour-aside')]);
      poster.errors = [];
      poster.on('pageerror', (e) => poster.errors.push(e.message));
      await poster.waitForFunction(() => window.asyncplayPage?.promptAt > 0, null, { timeout: 15000 });
      assert.equal(await stepShown(poster), '10b');
      assert.equal(await poster.textContent('#tour .tour-title'), text.tour10bTitle);
      assert.equal(await poster.textContent('#tour .tour-counter'), text.tourAsideOf.replace('{n}', 10).replace('{of}', 11));
      assert.equal(await poster.evaluate(() => window.asyncplayPage.commandsDone), 0, 'the link ran nothing');
      await poster.click('#tour .tour-do');
      // The whole burst written: the poster's writer is back at its queue.
      await until(poster, ([file, line]) => {
        const writer = window.asyncplayPage.view.tableRows().findLast((r) => r.name === 'chat writer');
        return window.asyncplayPage.commandsDone >= 2 && writer?.polls > 64 && writer.state === 'pending' &&
               writer.parked?.file === file && writer.parked.line === line;
      }, [SESSION, writerIdle]);
      // Here: the reply reader woken by what arrived, and not polled (paused);
      // the host's task for this connection Pending at its write.
      await until(page, () => window.asyncplayPage.view.tableRows().findLast((r) => r.name === 'chat replies')?.state === 'scheduled');
      await until(page, ([file, line]) => window.asyncplayPage.view.tableRows().some((r) => r.name.startsWith('host: connection from page') &&
        r.state === 'pending' && r.parked?.file === file && r.parked.line === line), [SERVER, heldWrite]);
      // The view says the runtime's pieces in the page's language (its phrases).
      const said = (await rows(page)).map((r) => `${r.waits} ${r.lastWake}`).join(' | ');
      assert.match(said, lang === 'en' ? /in-browser connection \d+ data/ : /conexión en el navegador \d+ datos/, said);
      await page.evaluate(() => window.asyncplayPage.outputListeners.push((kind, said) => {
        if (/Dropped \d+ messages from tour\./.test(said)) window.dropped = said;
      }));
      await page.getByRole('button', { name: text.play, exact: true }).click();
      await until(page, () => window.dropped);
      assert.match(await page.evaluate(() => window.dropped), lang === 'en' ? /^error from server: Dropped/ : /^error del servidor: Dropped/);
      assert.deepEqual(poster.errors, []);

      // 11. What goes wrong: the lost-waker lint on the spawned task, the long-poll lint on block's.
      await page.click('#tour .tour-next');
      await doStep(page, text, 11);
      const linted = (kind) => page.waitForFunction((k) => [...window.asyncplayPage.view.store.events]
        .some((e) => e.e === 'lint' && e.lint === k), kind, WAIT);
      await linted('lost-waker');
      await linted('long-poll');
      await waitForText(page, lang === 'en' ? 'dropped spawn(lost_waker())' : 'descartado spawn(lost_waker())');
      assert.equal(await page.evaluate(() => document.querySelector('#tour .tour-next').disabled), true, 'the last step');
      assert.deepEqual(page.errors, []);
      await page.closeAll();
    });
  });
}

describe('shared links', { timeout: 60000 }, () => {
  test('#tour=4 opens that step and #run= puts the expression at the prompt; neither runs anything', async () => {
    const page = await openAs(browser, `${dev.url}#tour=4`);
    assert.equal(await page.evaluate(() => document.getElementById('tour').hidden), false);
    assert.equal(await stepShown(page), '4');
    const other = await openAs(browser, `${dev.url}#run=race(sleep(100ms),never())`);
    await other.waitForFunction(() => /asyncplay> run race\(sleep\(100ms\),never\(\)\)$/m.test(window.asyncplayPage.text()));
    for (const p of [page, other]) {
      assert.equal(await p.evaluate(() => window.asyncplayPage.commandsDone), 0, 'nothing ran');
      assert.deepEqual(await p.evaluate(() => window.asyncplayPage.view.tableRows()), [], 'no task');
    }
    await other.keyboard.press('Enter');  // Enter runs it
    await waitForText(other, 'dropped never()');
    assert.deepEqual([...page.errors, ...other.errors], []);
    await page.closeAll();
    await other.closeAll();
  });
});

describe('on a phone', { timeout: 60000 }, () => {
  test('each new step is shown from its title, though the last was scrolled to its buttons', async () => {
    const page = await openAs(browser, `${dev.url}#tour=6`, { width: 390, height: 844, touch: true });
    const titleInView = () => page.evaluate(() => {
      const panel = document.getElementById('tour').getBoundingClientRect();
      const title = document.querySelector('#tour .tour-title').getBoundingClientRect();
      return title.top >= panel.top && title.bottom <= panel.bottom;
    });
    const overflows = await page.evaluate(() => { const t = document.getElementById('tour'); return t.scrollHeight > t.clientHeight; });
    assert.ok(overflows, 'step 6 is longer than the phone’s panel: nothing to show otherwise');
    await page.evaluate(() => document.querySelector('#tour .tour-next').scrollIntoView());
    assert.equal(await titleInView(), false, 'scrolled to the buttons, the title is out of view');
    await page.tap('#tour .tour-next');
    assert.equal(await stepShown(page), '7');
    assert.equal(await titleInView(), true, 'step 7 is shown from its title');
    assert.deepEqual(page.errors, []);
    await page.closeAll();
  });
});
