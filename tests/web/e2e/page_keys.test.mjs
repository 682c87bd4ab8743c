// The page as a person uses it (issue 12): copying with the keyboard, the
// welcome, screen readers (the output as text, a live region that speaks
// only on changes of state), a 5,000-character post arriving whole, and
// keys typed while a command runs shown, queued and, on Ctrl-C, dropped
// with a word.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, run, screenText, startDev, stopAll, waitForText } from './stack.mjs';
import { openAs } from './person.mjs';

let browser;
let dev;
before(async () => {
  browser = await launchBrowser();
  dev = await startDev();
});
after(stopAll);

// Drags the mouse over the screen row holding `text`, from its first character to its last.
async function select(page, text) {
  // The rows are drawn a frame after the text is in the buffer: wait for the row.
  await page.waitForFunction((t) => [...document.querySelectorAll('.xterm-rows > div')]
    .some((r) => r.textContent.replace(/\u00a0/g, ' ').includes(t)), text, { timeout: 5000 });
  const box = await page.evaluate((t) => {
    const screen = document.querySelector('.xterm-screen').getBoundingClientRect();
    const cell = screen.width / window.asyncplayPage.columns();
    const row = [...document.querySelectorAll('.xterm-rows > div')].find((r) => r.textContent.replace(/\u00a0/g, ' ').includes(t));
    const r = row.getBoundingClientRect();
    const column = row.textContent.replace(/\u00a0/g, ' ').indexOf(t);
    return { x0: screen.x + (column + 0.2) * cell, x1: screen.x + (column + t.length - 0.2) * cell, y: r.y + r.height / 2 };
  }, text);
  await page.mouse.move(box.x0, box.y);
  await page.mouse.down();
  await page.mouse.move(box.x1, box.y, { steps: 5 });
  await page.mouse.up();
}
const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

describe('keys and words', { timeout: 120000 }, () => {
  test('Ctrl-Shift-C copies the selection; Ctrl-C copies it too instead of interrupting, and interrupts without one', async () => {
    const page = await openAs(browser, dev.url, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.keyboard.type('half typed');
    await select(page, 'Rust-style futures');
    await page.keyboard.press('Control+Shift+C');
    await page.waitForFunction(() => window.asyncplayPage.copied !== null);
    assert.equal(await clipboard(page), 'Rust-style futures');
    await select(page, 'compiled');
    await page.keyboard.press('Control+C');
    await page.waitForFunction(() => window.asyncplayPage.copied === 'compiled');
    assert.equal(await clipboard(page), 'compiled');
    assert.match(await screenText(page), /asyncplay> half typed$/m, 'the line was not interrupted');
    await page.keyboard.press('Control+C');  // the selection is gone: this one interrupts
    await page.waitForFunction(() => /asyncplay> half typed\^C\n/.test(window.asyncplayPage.text()));
    await page.closeAll();
  });

  test('the welcome says what trace on and tasks show and points at the live view; the loading line is gone', async () => {
    for (const [width, where] of [[1280, 'beside'], [390, 'under']]) {
      const page = await openAs(browser, dev.url, { width, height: 844 });
      const text = (await screenText(page)).replace(/\n */g, ' ');
      assert.match(text, /`trace on` prints every spawn, poll and wake as it happens, `tasks` lists the live tasks/);
      assert.match(text, new RegExp(`the live view ${where} the terminal`));
      assert.doesNotMatch(text, /loading the runtime/);
      assert.match(text, /^asyncplay: Rust-style/, 'the banner starts where the loading line was');
      await page.closeAll();
    }
  });

  test('the output is readable by a screen reader, and the live region speaks only on changes of state', async () => {
    const page = await openAs(browser, dev.url);
    await run(page, 'help');
    await page.waitForFunction(() => /Ctrl-C cancels the running command/.test(document.querySelector('.xterm-accessibility-tree')?.textContent ?? ''));
    await run(page, `get 127.0.0.1 ${dev.httpPort} /never`, { wait: false });
    await page.waitForFunction(() => window.asyncplayPage.status.running === 'get' && window.asyncplayPage.status.relay_state === 'reachable');
    await page.waitForFunction(() => /running get/.test(window.asyncplayPage.announced()));
    const heard = await page.evaluate(() => new Promise((resolve) => {
      // The page's own live regions (xterm.js's screen-reader mode has its own, for the output).
      const regions = [...document.querySelectorAll('#console > [aria-live]:not([aria-live="off"]), #console > [role="status"]')];
      const changes = [];
      const observer = new MutationObserver(() => changes.push(regions.map((r) => r.textContent).join(' | ')));
      for (const r of regions) observer.observe(r, { childList: true, characterData: true, subtree: true });
      const start = window.asyncplayPage.frames;
      const wait = () => (window.asyncplayPage.frames >= start + 60 ? (observer.disconnect(), resolve({ regions: regions.length, changes })) : requestAnimationFrame(wait));
      wait();
    }));
    assert.ok(heard.regions >= 1, 'there is a live region');
    assert.equal(await page.getAttribute('#status', 'aria-live'), null, 'the spinner\'s line is not one');
    assert.deepEqual(heard.changes, [], '60 frames of a running command: nothing to hear');
    assert.match(await page.textContent('#status'), /get/, 'the visible line still shows the spinner and command');
    await page.keyboard.press('Control+C');
    await page.waitForFunction(() => /no command running/.test(window.asyncplayPage.announced()));
    await page.closeAll();
  });

  test('a 5,000-character post reaches the other page whole', async () => {
    const [alice, bob] = [await openAs(browser, dev.url), await openAs(browser, dev.url)];
    for (const page of [alice, bob]) {
      await run(page, `connect ${dev.chat}`);
      await run(page, 'join long');
    }
    await bob.evaluate(() => {
      window.heard = [];
      window.asyncplayPage.outputListeners.push((kind, text) => window.heard.push(text));
    });
    const message = Array.from({ length: 5000 }, (_, i) => 'abcdefghij'[i % 10]).join('');
    await alice.keyboard.type('post long ');
    await alice.evaluate((text) => {  // pasted, as a person would put a long text in
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.querySelector('.xterm-helper-textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, message);
    await alice.keyboard.press('Enter');
    await bob.waitForFunction(() => window.heard.some((t) => t.startsWith('message posted to long: ')));
    const got = await bob.evaluate(() => window.heard.find((t) => t.startsWith('message posted to long: ')));
    assert.equal(got.length, 'message posted to long: '.length + 5000);
    assert.equal(got.slice(-5000), message);
    await alice.closeAll();
    await bob.closeAll();
  });

  test('keys typed while a command runs show on the prompt line, run later, and Ctrl-C says it dropped them', async () => {
    const page = await openAs(browser, dev.url);
    await run(page, `get 127.0.0.1 ${dev.httpPort} /never`, { wait: false });
    await page.waitForFunction(() => window.asyncplayPage.status.running === 'get');
    await page.keyboard.type('tasks');
    await page.waitForFunction(() => /\/never\nasyncplay> tasks\s*$/.test(window.asyncplayPage.text()));
    await page.keyboard.press('Enter');
    await waitForText(page, 'queued (runs when the command is done): tasks');
    await page.keyboard.type('post nowhere');
    await page.waitForFunction(() => /asyncplay> post nowhere\s*$/.test(window.asyncplayPage.text()));
    await page.keyboard.press('Control+C');
    await waitForText(page, 'Ctrl-C dropped what was typed ahead: tasks ⏎ post nowhere');
    await page.waitForFunction(() => /asyncplay> \s*$/.test(window.asyncplayPage.text()) && !window.asyncplayPage.busy);
    assert.doesNotMatch(await screenText(page), /^\d+ live task\(s\)/m, 'tasks did not run');

    await run(page, `get 127.0.0.1 ${dev.httpPort} /`, { wait: false });
    await page.keyboard.type('tasks');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^\d+ live task\(s\)/m.test(window.asyncplayPage.text()));  // run once the get was done
    assert.ok((await screenText(page)).indexOf('HTTP/1.1 200 OK') < (await screenText(page)).lastIndexOf('asyncplay> tasks'));
    assert.deepEqual(page.errors, []);
    await page.closeAll();
  });
});
