// Long command lines: kept whole up to the chat server's limit for one line
// (64 KiB), drawn as a window when taller than the screen, and refused with a
// message beyond the limit, never cut without a word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setup, tick } from './fixtures/editor_terminal.mjs';

const HOME = '\x1b[H';

test('a 5,000-character post typed at the prompt is sent whole', async () => {
  const ran = [];
  const { editor } = setup({ cols: 80, rows: 24, onLine: (line) => { ran.push(line); } });
  const message = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
  for (const ch of `post rust ${message}`) editor.handleData(ch);  // typed, key by key
  editor.handleData('\r');
  await tick();
  assert.equal(ran.length, 1);
  assert.equal(ran[0], `post rust ${message}`);
});

test('a line taller than the screen is drawn as a window around the cursor, and whole once run', async () => {
  const ran = [];
  const { editor, screen, all } = setup({ cols: 10, rows: 4, onLine: (line) => { ran.push(line); } });
  const typed = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';  // 2 + 44 cells: five rows and more
  editor.handleData(typed);
  assert.equal(editor.line, typed, 'nothing was dropped');
  let shown = await screen();
  assert.ok(shown.lines.length <= 4, shown.lines.join('|'));
  assert.ok(shown.lines[0].startsWith('> …'), `the start is out of sight: ${shown.lines.join('|')}`);
  assert.ok(shown.lines.join('').endsWith('EFGH'), 'the cursor\'s end is in sight');
  editor.handleData(HOME + 'X');
  shown = await screen();
  assert.equal(shown.lines[0], '> Xabcdefg');
  assert.ok(shown.lines.join('').endsWith('…'), 'the end is out of sight now');
  assert.deepEqual(shown.cursor, [0, 3]);
  editor.handleData('\r');
  await tick();
  assert.deepEqual(ran, [`X${typed}`]);
  assert.equal((await all()).join('').replace(/>$/, ''), `> X${typed}`, 'the scrollback holds the whole line');
});

test('text that would make the line longer than 64 KiB is refused with a message saying the limit', async () => {
  const ran = [];
  const { editor, all } = setup({ cols: 80, rows: 24, onLine: (line) => { ran.push(line); } });
  editor.handleData('post rust ');
  editor.handleData('é'.repeat(40000));  // a paste: 80,000 bytes in UTF-8
  assert.equal(editor.line, 'post rust ', 'the paste was not cut to fit: it was refused');
  const said = (await all()).join(' ');
  assert.match(said, /at most 65536 bytes \(the chat server's limit for one line\), and this one would have 80010/);
  editor.handleData('x'.repeat(65526));  // exactly the limit
  assert.equal(new TextEncoder().encode(editor.line).length, 65536);
  editor.handleData('\r');
  await tick();
  assert.equal(ran[0].length, 65536);
});
