// `run EXPR` in the real page (the built site's WebAssembly, served by
// `asyncplay dev`, through its relay on loopback): the value printed, a race's
// loser dropped, only spawn making a task of its own in the live view (named
// after its sub-expression), and the caret under a mistake or under a call
// whose target the relay does not allow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, run, screenText, startDev, stopAll, waitForText } from './stack.mjs';

let browser;
let dev;
before(async () => { [browser, dev] = await Promise.all([launchBrowser(), startDev()]); });
after(stopAll);

const spawns = (page) => page.evaluate(() =>
  [...window.asyncplayPage.view.store.events].filter((e) => e.e === 'spawn').map((e) => ({ task: e.task, parent: e.parent, name: e.name })));
const lints = (page) => page.evaluate(() => [...window.asyncplayPage.view.store.events].filter((e) => e.e === 'lint'));

describe('run EXPR', { timeout: 60000 }, () => {
  test('a race is won by the timer and the slow get is dropped, all in one task', async () => {
    const page = await openPage(browser, dev.url);
    const slow = `get(http://127.0.0.1:${dev.httpPort}/slow)`;
    await run(page, `run race(sleep(100ms), ${slow})`);
    await waitForText(page, `Ready(sleep(100ms) won: Ready(()); dropped ${slow})`);
    const named = (await spawns(page)).map((s) => s.name);
    assert.ok(named.some((n) => n.startsWith('run race(')), named.join(', '));
    assert.ok(!named.includes(slow), 'race polls its futures in its own task');
    assert.deepEqual(await lints(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('spawn gives its future a task of its own, named after it; join does not', async () => {
    const page = await openPage(browser, dev.url);
    const [a, b] = ['a', 'b'].map((p) => `get(http://127.0.0.1:${dev.httpPort}/${p})`);
    await run(page, `run join(${a}, spawn(${b}))`);
    await waitForText(page, 'Ready([Ready(200 OK, 142 bytes), Ready(200 OK, 142 bytes)])');
    const all = await spawns(page);
    const command = all.find((s) => s.name.startsWith('run join('));
    const spawned = all.find((s) => s.name === b);
    assert.ok(command && spawned, JSON.stringify(all));
    assert.equal(spawned.parent, command.task, 'spawned by the command task');
    assert.ok(!all.some((s) => s.name === a), 'join polls its futures in its own task');
    assert.deepEqual(await lints(page), []);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a target the relay does not allow is refused with a caret under its call', async () => {
    const page = await openPage(browser, dev.url);
    const expression = 'join(sleep(1ms), get(http://127.0.0.1:9/x))';  // dev's relay allows its own two servers only
    await run(page, `run ${expression}`);
    await waitForText(page, "not on this relay's allow-list");
    const rows = (await screenText(page)).split('\n');
    const at = rows.findIndex((row) => row === `  ${expression}`);
    assert.ok(at > 0, rows.join('\n'));
    assert.equal(rows[at + 1], `${' '.repeat(2 + expression.indexOf('get'))}^`, 'the caret under get');
    // The refusal above them (rows broken where the page wrapped it), said once, with no errno words.
    const said = rows.slice(0, at).join('\n').replace(/ *\n */g, ' ');
    assert.match(said, /get\(http:\/\/127\.0\.0\.1:9\/x\): connect 127\.0\.0\.1:9 via relay \S+: not on this relay's allow-list; it allows /);
    assert.doesNotMatch(said, /Permission denied|Connection aborted/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test('a mistake is shown with the expression and a caret under it', async () => {
    const page = await openPage(browser, dev.url);
    await run(page, 'run race(slep(1ms), never())');
    await waitForText(page, '  race(slep(1ms), never())\n       ^');
    assert.match(await screenText(page), /unknown function 'slep': did you mean sleep\?/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
