// The page as a person sees it (issue 12): underscores drawn at 1x and 2x,
// every colour the terminal draws at 4.5:1, the phone's 390x844 with no word
// broken by the terminal, a status line that fits, and a key bar on touch.
// Screenshots of desktop and phone land in test-artifacts/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, root, run, startDev, stopAll, waitForText } from './stack.mjs';
import { cellShot, contrastOf, openAs } from './person.mjs';
import { litPixels } from './png.mjs';

const artifacts = path.join(root, 'test-artifacts');
let browser;
let dev;

before(async () => {
  browser = await launchBrowser();
  dev = await startDev();
  mkdirSync(artifacts, { recursive: true });
});
after(stopAll);

describe('the page, looked at', { timeout: 120000 }, () => {
  for (const scale of [1, 2]) {
    test(`an underscore is drawn inside its cell at a ${scale}x device scale`, async () => {
      const page = await openAs(browser, dev.url, { scale });
      await page.keyboard.type('x_____x');
      await waitForText(page, 'x_____x');
      const shot = await cellShot(page, '_____');
      const lower = litPixels(shot, { top: shot.height / 2 });
      assert.ok(lower >= shot.width, `the lower half of the cells has ${lower} lit pixels of ${shot.width * shot.height / 2}`);
      await page.closeAll();
    });
  }

  test('every colour the terminal draws text in reaches 4.5:1 on its background', async () => {
    const page = await openAs(browser, `${dev.url}?chat=not-a-host-port`);  // a warning, in yellow
    await run(page, 'connect');
    await run(page, `connect ${dev.chat}`);
    await run(page, 'join rust');
    await run(page, 'post rust a message in the chat\'s colour');
    await waitForText(page, 'message posted to rust');
    await run(page, 'nope');  // an error
    await waitForText(page, "unknown command 'nope'");
    // Looked at twice: the trace's lines below may scroll the error out of
    // the rows drawn, and the rows are drawn in a later frame (waitForText
    // reads the buffer), so each look waits a frame first.
    const look = () => page.evaluate(async () => {
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const seen = [];
      for (const span of document.querySelectorAll('.xterm-rows span')) {
        if (!span.textContent.trim()) continue;
        const style = getComputedStyle(span);
        seen.push([`${style.color}|${style.opacity}`, span.textContent.trim().slice(0, 40)]);
      }
      return seen;
    });
    const looks = await look();
    await run(page, 'trace on');
    await run(page, 'tasks');
    await run(page, 'trace off');
    await waitForText(page, 'tracing off');
    const drawn = [...new Map([...looks, ...(await look())].reverse()).entries()];
    assert.ok(drawn.length >= 5, `colours seen: ${drawn.map(([k]) => k).join(', ')}`);
    const low = drawn.map(([key, sample]) => {
      const [colour, opacity] = key.split('|');
      return { colour, opacity, sample, ratio: contrastOf(colour, Number(opacity)) };
    }).filter((c) => c.ratio < 4.5);
    assert.deepEqual(low.map((c) => `${c.colour} x${c.opacity} (${c.ratio.toFixed(2)}:1): ${c.sample}`), []);
    await page.closeAll();
  });
});

describe('on a phone (390x844, touch)', { timeout: 120000 }, () => {
  let page;
  before(async () => {
    page = await openAs(browser, dev.url, { width: 390, height: 844, scale: 2, touch: true });
  });
  after(() => page.closeAll());

  test('the banner and the help break at spaces, not inside words', async () => {
    await run(page, 'help');
    await waitForText(page, 'Ctrl-C cancels the running command');
    const wrapped = await page.evaluate(() => {
      const buffer = window.asyncplayPage.buffer();
      const out = [];
      for (let i = 1; i < buffer.length; i++) {
        if (buffer.getLine(i).isWrapped) out.push(`${buffer.getLine(i - 1).translateToString(true)}|${buffer.getLine(i).translateToString(true)}`);
      }
      return out;
    });
    assert.deepEqual(wrapped, [], 'rows the terminal had to break itself');
    const text = await page.evaluate(() => window.asyncplayPage.text());
    assert.match(text, /(^| )compiled( |$)/m, 'the banner\'s words are whole');
    assert.ok(text.split('\n').every((r) => r.length <= 390 / 8), 'rows fit the phone');
  });

  test('the status line fits: it wraps, and the chat state and task count are in sight', async () => {
    await run(page, `connect ${dev.chat}`);
    await waitForText(page, `connected to ${dev.chat}`);
    const box = await page.evaluate(() => {
      const status = document.getElementById('status');
      const part = (name) => {
        const r = status.querySelector(`.status-${name}`).getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, text: status.querySelector(`.status-${name}`).textContent };
      };
      return { scroll: status.scrollWidth, client: status.clientWidth, width: window.innerWidth,
               connection: part('connection'), tasks: part('tasks'), relay: part('relay') };
    });
    assert.ok(box.scroll <= box.client, `nothing cut: ${box.scroll} > ${box.client}`);
    for (const name of ['relay', 'connection', 'tasks']) {
      assert.ok(box[name].width > 0 && box[name].left >= 0 && box[name].right <= box.width, `${name} in sight: ${JSON.stringify(box[name])}`);
    }
    assert.match(box.connection.text, /chat: 127\.0\.0\.1:\d+/);
    assert.match(box.tasks.text, /\d+ live tasks?/);
  });

  test('a key bar gives Ctrl-C, Tab, Up and Down, with names and 44 px targets', async () => {
    const keys = await page.evaluate(() => [...document.querySelectorAll('#keys button')].map((b) => {
      const r = b.getBoundingClientRect();
      return { label: b.textContent, name: b.getAttribute('aria-label'), width: r.width, height: r.height };
    }));
    assert.deepEqual(keys.map((k) => k.label).slice(0, 4), ['Ctrl-C', 'Tab', '↑', '↓']);
    for (const k of keys) {
      assert.ok(k.name && k.name.length > 2, `${k.label} has a name`);
      assert.ok(k.width >= 44 && k.height >= 44, `${k.label} is ${k.width}x${k.height}`);
    }
    await page.tap('#keys button[aria-label^="Up"]');
    await page.waitForFunction(() => /asyncplay> connect 127\.0\.0\.1:\d+\s*$/.test(window.asyncplayPage.text()));
    await page.keyboard.press('Control+U');
    await page.keyboard.type('tas');
    await page.tap('#keys button[aria-label^="Tab"]');
    await page.waitForFunction(() => /asyncplay> tasks $/m.test(window.asyncplayPage.text()));
    await page.keyboard.press('Control+U');
    await run(page, `get 127.0.0.1 ${dev.httpPort} /never`, { wait: false });
    await page.waitForFunction(() => window.asyncplayPage.status.running === 'get');
    await page.screenshot({ path: path.join(artifacts, 'page-phone.png') });
    const done = await page.evaluate(() => window.asyncplayPage.commandsDone);
    await page.tap('#keys button[aria-label^="Control C"]');
    await page.waitForFunction((n) => window.asyncplayPage.commandsDone > n, done);
    await waitForText(page, '^C: cancelled');
    assert.deepEqual(page.errors, []);
  });

  test('on a screen without touch there is no key bar', async () => {
    const desktop = await openAs(browser, dev.url, { width: 1280, height: 800 });
    assert.equal(await desktop.evaluate(() => document.getElementById('keys').hidden), true);
    await run(desktop, 'help');
    await run(desktop, `get 127.0.0.1 ${dev.httpPort} /`);
    await waitForText(desktop, 'HTTP/1.1 200 OK');
    await desktop.keyboard.type('get_underscores_show');
    await desktop.screenshot({ path: path.join(artifacts, 'page-desktop.png') });
    await desktop.closeAll();
  });

  // Spanish and English (web/src/lang/): the browser's language picks, ?lang=
  // and the switch choose, and the choice is remembered.
  test('a browser set to Spanish gets the page in Spanish; the switch and ?lang= choose, and it is remembered', async () => {
    const page = await openAs(browser, dev.url, { width: 1280, height: 800, locale: 'es-ES' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await waitForText(page, 'futures al estilo de Rust en C++20');
    assert.match(await page.textContent('#status'), /chat: sin conexión/);
    assert.equal(await page.textContent('#lang-switch'), 'English');
    const buttons = await page.evaluate(() => [...document.querySelectorAll('#view button')].map((b) => b.textContent));
    for (const word of ['Pausa', 'Paso', 'Borrar']) assert.ok(buttons.includes(word), `${word} among ${buttons}`);
    await run(page, 'help');  // the console's own words too (src/wasm/console_words_es.cpp)
    await waitForText(page, 'el capítulo 20 paso a paso, en la vista en vivo');
    await run(page, 'nope');
    await waitForText(page, "comando desconocido 'nope' (prueba help)");
    await run(page, `get 127.0.0.1 ${dev.httpPort} /`);
    await waitForText(page, 'HTTP/1.1 200 OK');
    await page.screenshot({ path: path.join(artifacts, 'page-desktop-es.png') });
    await Promise.all([page.waitForNavigation(), page.click('#lang-switch')]);
    await page.waitForFunction(() => window.asyncplayPage.promptAt !== null);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(page.url(), /[?&]lang=en/);
    await waitForText(page, "driven by this page's event loop");
    await page.goto(dev.url);  // no ?lang=: the choice made with the switch holds
    await page.waitForFunction(() => window.asyncplayPage.promptAt !== null);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.goto(`${dev.url}?lang=es`);
    await page.waitForFunction(() => window.asyncplayPage.promptAt !== null);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    assert.deepEqual(page.errors, []);
    await page.closeAll();
  });
});
