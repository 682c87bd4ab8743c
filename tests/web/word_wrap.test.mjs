// What the page prints is broken at spaces to fit the terminal (a phone has
// some 45 columns): no word is split unless it is longer than a row, colours
// (SGR sequences) are kept whole, indented lines stay indented.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wrapText } from '../../web/src/word_wrap.js';
import { setup } from './fixtures/editor_terminal.mjs';

const HELP = [
  'commands:',
  '  connect [HOST:PORT]     connect to the chat server (default: the relay\'s)',
  '  get HOST PORT PATH      cheapo_request, run with block_on',
  '  trace on|off            print every spawn, poll (where it stopped, what it',
  'Ctrl-C cancels the running command by dropping its future.',
  'asyncplay: Rust-style futures in C++20, compiled to WebAssembly and driven by this page\'s event loop.',
].join('\n');
const stripSgr = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('the runtime\'s output, printed at 40 columns, breaks only at spaces', async () => {
  const { editor, all } = setup({ cols: 40, rows: 30 });
  editor.print(HELP);
  const rows = await all();
  const words = new Set(HELP.split(/\s+/).filter(Boolean));
  const shown = rows.flatMap((r) => r.split(/\s+/)).filter(Boolean);
  const broken = shown.filter((w) => !words.has(w) && w !== '>');
  assert.deepEqual(broken, [], `a word was split:\n${rows.join('\n')}`);
  assert.ok(rows.every((r) => r.length <= 40));
  assert.ok(rows.includes('    cheapo_request, run with block_on'), `indented like its line:\n${rows.join('\n')}`);
});

test('colours are kept whole and take no cell when rows are broken', () => {
  const text = '\x1b[1masyncplay\x1b[0m: Rust-style futures in \x1b[31mC++20, compiled\x1b[0m to WebAssembly';
  const rows = wrapText(text, 16).split('\n');
  assert.deepEqual(rows.map(stripSgr), ['asyncplay:', 'Rust-style', 'futures in', 'C++20, compiled', 'to WebAssembly']);
  assert.equal(rows.join('').match(/\x1b\[[0-9;]*m/g).join(''), '\x1b[1m\x1b[0m\x1b[31m\x1b[0m', 'every sequence, in order');
});

test('a word longer than a row is cut where the row ends; short text is left alone', () => {
  assert.equal(wrapText('see http://127.0.0.1:7879/a/long/path now', 12),
               'see\nhttp://127.0\n.0.1:7879/a/\nlong/path\nnow');
  assert.equal(wrapText('fits as it is', 40), 'fits as it is');
  assert.equal(wrapText('two\n\nparagraphs', 5), 'two\n\nparag\nraphs');
});

test('a help line\'s description continues under itself when there is room', () => {
  const line = '  trace on|off            print every spawn, poll (where it stopped, what it';
  assert.equal(wrapText(line, 60), '  trace on|off            print every spawn, poll (where it\n                          stopped, what it');
});
