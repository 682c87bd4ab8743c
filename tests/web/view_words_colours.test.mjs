// The view's palette reaches WCAG AA contrast everywhere it is drawn, and
// every string id the view's code asks for exists in the strings table.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contrastRatio } from '../../web/src/view/contrast.js';
import { pairs, palette } from '../../web/src/view/palette.js';
import { count, say, strings } from '../../web/src/view/strings.js';

const viewDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/view');

test('the contrast ratio is WCAG\'s', () => {
  assert.equal(contrastRatio('#000000', '#ffffff'), 21);
  assert.equal(contrastRatio('#777777', '#777777'), 1);
  assert.ok(Math.abs(contrastRatio('#767676', '#ffffff') - 4.54) < 0.01);
  assert.throws(() => contrastRatio('red', '#000000'));
});

test('every foreground on every background of the palette reaches 4.5:1', () => {
  const failures = pairs.filter(([fg, bg]) => contrastRatio(palette[fg], palette[bg]) < 4.5)
    .map(([fg, bg]) => `${fg} on ${bg}: ${contrastRatio(palette[fg], palette[bg]).toFixed(2)}`);
  assert.deepEqual(failures, []);
  const named = new Set(pairs.flat());
  assert.deepEqual(Object.keys(palette).filter((k) => !named.has(k)), [], 'every colour is in some checked pair');
});

test('view.css, imported by view.js, holds the view\'s rules and uses only palette colours', () => {
  const view = readFileSync(path.join(viewDir, 'view.css'), 'utf8');
  assert.match(readFileSync(path.join(viewDir, 'view.js'), 'utf8'), /^import '\.\/view\.css';$/m);
  assert.doesNotMatch(readFileSync(path.join(viewDir, '../style.css'), 'utf8'), /\.ap-/, 'the page\'s stylesheet leaves the view alone');
  assert.match(view, /\.ap-tasks \{/);
  assert.deepEqual(view.match(/#[0-9a-f]{3,8}\b|rgb\(|hsl\(/gi) ?? [], [], 'colours come from --ap-* variables');
  for (const name of view.matchAll(/var\(--ap-([a-z]+)\)/g)) assert.ok(name[1] in palette, `--ap-${name[1]}`);
});

test('every string id used by the view exists in the table, and placeholders are filled', () => {
  const used = new Set();
  for (const file of readdirSync(viewDir).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(viewDir, file), 'utf8');
    for (const m of text.matchAll(/\b(say|count)\('([\w-]+)'/g)) used.add(m[1] === 'count' ? `${m[2]}_one` : m[2]);
  }
  assert.ok(used.size > 20, `found ${used.size} ids`);
  assert.deepEqual([...used].filter((id) => !(id in strings)), []);
  assert.equal(say('asOf', { t: '1.00 s' }), 'as of 1.00 s');
  assert.equal(count('ready', 1), '1 task ready to poll');
  assert.equal(count('ready', 3), '3 tasks ready to poll');
  assert.equal(say('ready_one', { n: 1 }, { ready_one: '{n} tarea lista' }), '1 tarea lista', 'a translation replaces the table');
});

test('the runtime\'s English pieces are said again in the page\'s words, whole words, the longest first', async () => {
  const { phraseTable } = await import('../../web/src/view/phrases.js');
  const inWords = phraseTable([['task', 'tarea'], ['JoinHandle of task', 'JoinHandle de la tarea'], ['of', 'de'], ['data', 'datos']]);
  assert.equal(inWords('JoinHandle of task 4'), 'JoinHandle de la tarea 4');
  assert.equal(inWords('task 4 (finished)'), 'tarea 4 (finished)', 'an unknown piece stays');
  assert.equal(inWords('in-browser connection 2 data of 120 bytes'), 'in-browser connection 2 datos de 120 bytes');
  assert.equal(inWords('database offset tasks'), 'database offset tasks', 'whole words only');
  assert.equal(phraseTable([])('task'), 'task');
});
