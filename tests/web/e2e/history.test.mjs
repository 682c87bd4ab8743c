// The command history across reloads (issue 13): what was typed before a
// reload is one Up away after it, `history` lists it, and `history clear`
// forgets it, in the page and in the browser's storage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, run, startDev, stopAll, waitForText } from './stack.mjs';
import { atFirstPrompt, waitForMatch } from './stack.mjs';

let browser;
let dev;
before(async () => { [browser, dev] = await Promise.all([launchBrowser(), startDev()]); });
after(stopAll);

const reload = async (page) => atFirstPrompt(page, page.url());

describe('history', { timeout: 60000 }, () => {
  test('survives a reload, is listed by history, and history clear forgets it', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await atFirstPrompt(await context.newPage(), dev.url);
    await run(page, 'tasks');
    await run(page, 'trace off');
    await reload(page);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => window.asyncplayPage.line()), 'trace off');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => window.asyncplayPage.line()), 'tasks');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await run(page, 'history');
    await waitForText(page, '   1  tasks');
    await waitForText(page, '   2  trace off');
    await run(page, 'history clear');
    await waitForText(page, 'history cleared');
    await reload(page);
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => window.asyncplayPage.line()), '', 'nothing to walk back to after a clear');
    await run(page, 'history');
    await waitForText(page, 'no commands in the history');
    await run(page, 'history wipe');
    await waitForMatch(page, /usage: history \[clear\]/);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
});
