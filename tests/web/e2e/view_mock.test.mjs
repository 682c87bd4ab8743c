// The live view in Chromium, driven by MockRuntime (tests/web/fixtures): what
// the table, the source pane and the timeline show for a `get` and the chat
// reader, scrubbing back, Pause / Step / Play, the keyboard, the narrow
// layout, Download trace, and a runtime build without the event stream.
// The same view against the real runtime is in page.test.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, root, stopAll } from './stack.mjs';
import { serveHarness } from './view_harness.mjs';
import { session } from '../fixtures/mock_events.mjs';

const artifacts = path.join(root, 'test-artifacts');
const run = session();
const getId = run.get.ids.get;
const basename = (f) => f.split('/').pop();
let browser;
let harness;

before(async () => {
  browser = await launchBrowser();
  harness = await serveHarness(run.events);
  mkdirSync(artifacts, { recursive: true });
});
after(() => {
  harness.close();
  stopAll();
});

async function open(query = '', viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${harness.url}${query}`);
  await page.waitForFunction(() => window.asyncplayPage && window.asyncplayPage.view && window.asyncplayPage.frames > 1);
  return page;
}
const view = (page, expression) => page.evaluate(`window.asyncplayPage.view.${expression}`);
// The highlighted source line lies inside the code box's visible area.
const lineInView = (page) => page.evaluate(() => {
  const line = document.querySelector('.ap-line.ap-here').getBoundingClientRect();
  const box = document.querySelector('.ap-code').getBoundingClientRect();
  return line.height > 0 && line.top >= box.top && line.bottom <= box.bottom;
});
const played = (page) => page.waitForFunction(() => window.asyncplayPage.status.done && window.asyncplayPage.view.store.size > 0);

describe('the live view, against the mock runtime', { timeout: 60000 }, () => {
  test('get: the table and the source follow it through each await; the timeline has a mark per poll and an arrow per wake', async () => {
    const page = await open();
    await played(page);
    assert.equal(await view(page, 'followed()'), getId, 'the command\'s task is followed without a click');
    const pendings = run.get.events.filter((e) => e.e === 'pending' && e.task === getId);
    for (const [i, p] of pendings.entries()) {
      // The slider, as a person would move it.
      await page.evaluate((t) => {
        const slider = document.querySelector('.ap-scrub');
        slider.value = String(t);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      }, p.t);
      await page.waitForFunction((t) => window.asyncplayPage.view.asOf() === t, p.t);
      await page.waitForFunction(() => !window.asyncplayPage.view.isLive());
      await page.evaluate(() => new Promise(requestAnimationFrame));
      const row = (await view(page, 'tableRows()')).find((r) => r.id === getId);
      const leaf = run.get.parked[i];
      assert.equal(row.state, 'pending', `after Pending #${i + 1}`);
      assert.equal(row.parkedAt, `${leaf.fn} ${basename(leaf.file)}:${leaf.line}`);
      assert.deepEqual(await view(page, 'sourceLine()'), { file: leaf.file, line: leaf.line });
      const here = await page.textContent('.ap-line.ap-here');
      assert.equal(here.replace(/^\s*\d+/, '').trim(), readFileSync(path.join(root, 'src', leaf.file), 'utf8').split('\n')[leaf.line - 1].trim());
      assert.ok(await lineInView(page), 'the highlighted line is scrolled into view');
    }
    await page.click('text=Fit');
    await page.waitForFunction(() => window.asyncplayPage.view.isLive());
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const marks = await view(page, 'timelineMarks()');
    const of = (kind) => run.events.filter((e) => e.e === kind).length;
    assert.deepEqual(marks, { pending: of('pending'), ready: of('ready'), running: 0,
                              arrows: run.events.filter((e) => e.e === 'wake' && e.effect === 'scheduled').length,
                              lanes: new Set(run.events.map((e) => e.task)).size });
    assert.match(await page.getAttribute('canvas.ap-canvas', 'aria-label'), new RegExp(`${marks.pending} Pending polls, ${marks.ready} Ready polls, ${marks.arrows} wakes`));
    assert.equal((await view(page, 'tableRows()')).find((r) => r.id === getId).state, 'done');
    await page.screenshot({ path: path.join(artifacts, 'view-1280x800.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('paused: Step polls exactly one task, Play runs to the end', async () => {
    const page = await open('?paused=1');
    const polls = () => view(page, 'store.events.items.filter((e) => e.e === "poll").length');
    const heldAtPoll = () => page.waitForFunction(() => window.asyncplayPage.runtime.held && window.asyncplayPage.runtime.steps === 0);
    await heldAtPoll();
    assert.equal(await polls(), 0);
    await page.waitForFunction(() => /paused, 1 task ready to poll/.test(document.querySelector('.ap-run-state').textContent));
    for (let n = 1; n <= 2; n++) {
      await page.click('button:text-is("Step")');
      await page.waitForFunction((want) => window.asyncplayPage.view.store.events.items.filter((e) => e.e === 'poll').length >= want, n);
      await heldAtPoll();
      assert.equal(await polls(), n, `step ${n}: one poll more`);
    }
    await page.click('button:text-is("Play")');
    await played(page);
    assert.equal(await polls(), run.events.filter((e) => e.e === 'poll').length);
    assert.doesNotMatch(await page.textContent('.ap-run-state'), /paused/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('keyboard: a row reached with Tab follows its task on Enter; buttons are in tab order', async () => {
    const page = await open();
    await played(page);
    await page.focus(`tr[data-task="${run.chat.ids.replies}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.asyncplayPage.view.followed() === id, run.chat.ids.replies);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const leaf = run.chat.chain[run.chat.chain.length - 1];
    assert.deepEqual(await view(page, 'sourceLine()'), { file: leaf.file, line: leaf.line });
    assert.equal(await page.getAttribute(`tr[data-task="${run.chat.ids.replies}"]`, 'aria-current'), 'true');
    // get's chain: the runtime's frame under cheapo_request is marked so, and
    // its link switches the frame shown.
    await page.focus(`tr[data-task="${getId}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.asyncplayPage.view.followed() === id, getId);
    const under = run.get.leaves[run.get.leaves.length - 1];
    const link = `.ap-chain li:has(button:text-is("${under.fn} ${basename(under.file)}:${under.line}"))`;
    assert.equal((await page.textContent(`${link} .ap-lib-mark`)).trim(), 'runtime');
    await page.click(`${link} button`);
    await page.waitForFunction((want) => JSON.stringify(window.asyncplayPage.view.sourceLine()) === want,
                               JSON.stringify({ file: under.file, line: under.line }));
    const tabbable = await page.evaluate(() => [...document.querySelectorAll('.ap-controls button')].every((b) => b.tabIndex === 0));
    assert.ok(tabbable);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('390×844: terminal on top, the panes as tabs', async () => {
    const page = await open('', { width: 390, height: 844 });
    await played(page);
    const [term, pane] = await page.evaluate(() => ['#console', '#view'].map((s) => document.querySelector(s).getBoundingClientRect().toJSON()));
    assert.ok(term.bottom <= pane.top + 1 && term.height > 844 * 0.4 && term.height < 844 * 0.5, JSON.stringify([term, pane]));
    assert.ok(await page.isVisible('.ap-pane-tasks') && !(await page.isVisible('.ap-pane-source')));
    await page.click('.ap-tab[data-tab="source"]');
    assert.ok(await lineInView(page), 'shown on its tab, the source is scrolled to the line');
    await page.click('.ap-tab[data-tab="timeline"]');
    await page.click('text=Fit');
    assert.ok(await page.isVisible('canvas.ap-canvas'));
    assert.ok(await page.evaluate(() => window.asyncplayPage.columns()) >= 30);
    await page.screenshot({ path: path.join(artifacts, 'view-390x844.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('Download trace saves asyncplay-trace.json, which parses', async () => {
    const page = await open();
    await played(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download trace')]);
    assert.equal(download.suggestedFilename(), 'asyncplay-trace.json');
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(saved.traceEvents.length > 0);
    await page.click('button:text-is("Clear")');
    await page.evaluate(() => new Promise(requestAnimationFrame));
    assert.deepEqual([await view(page, 'store.size'), (await view(page, 'tableRows()')).length], [0, 0]);
    await page.close();
  });

  test('a runtime build without the event stream: the view says so and stays empty', async () => {
    const page = await open('?nostream=1');
    await page.waitForFunction(() => /no event stream/.test(document.querySelector('.ap-notice').textContent));
    assert.deepEqual(await view(page, 'tableRows()'), []);
    assert.equal(await view(page, 'supported()'), false);
    assert.ok(await page.isDisabled('button:text-is("Step")'));
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
