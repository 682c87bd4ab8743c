// The line editor against a real terminal emulator: xterm.js's headless build
// interprets what the editor writes, and the tests read the screen back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitKeys } from '../../web/src/line_editor.js';
import { charCells, visible } from '../../web/src/text_cells.js';
import { setup } from './fixtures/editor_terminal.mjs';

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DELETE = '\x1b[3~';
const BACKSPACE = '\x7f';

test('keys are split into escape sequences, control characters and text', () => {
  assert.deepEqual(splitKeys('ab\x1b[Dc\x7f\x1bOH\x1b[3~\r'), ['ab', '\x1b[D', 'c', '\x7f', '\x1bOH', '\x1b[3~', '\r']);
  assert.deepEqual(splitKeys('\x1b'), ['\x1b']);
  assert.deepEqual(splitKeys('\x1b[1;5'), ['\x1b[1;5']);  // cut short: no final byte
});

test('typed text appears after the prompt with the cursor after it', async () => {
  const { editor, screen } = setup();
  editor.handleData('hello');
  assert.deepEqual(await screen(), { lines: ['> hello'], cursor: [0, 7] });
});

test('left, right, Home, End, Backspace and Delete edit inside the line', async () => {
  const { editor, screen } = setup();
  editor.handleData('helo');
  editor.handleData(LEFT);
  editor.handleData('l');
  assert.deepEqual(await screen(), { lines: ['> hello'], cursor: [0, 6] });
  editor.handleData(HOME + DELETE);
  assert.deepEqual(await screen(), { lines: ['> ello'], cursor: [0, 2] });
  editor.handleData(END + BACKSPACE + BACKSPACE + 'p');
  assert.deepEqual(await screen(), { lines: ['> elp'], cursor: [0, 5] });
  editor.handleData(LEFT + LEFT + RIGHT + '\x0b');  // Ctrl-K: erase after the cursor
  assert.deepEqual(await screen(), { lines: ['> el'], cursor: [0, 4] });
  editor.handleData(' two words\x17');  // Ctrl-W: erase the word before the cursor
  assert.equal(editor.line, 'el two ');
  editor.handleData('\x15');  // Ctrl-U: erase before the cursor
  assert.equal(editor.line, '');
});

test('Enter runs the line, and the prompt comes back when the command is done', async () => {
  let finish;
  const ran = [];
  const { editor, screen } = setup({ onLine: (line) => { ran.push(line); return new Promise((r) => { finish = r; }); } });
  editor.handleData('get x\r');
  assert.deepEqual(ran, ['get x']);
  editor.print('HTTP/1.1 200 OK\nbody\n');
  assert.deepEqual((await screen()).lines, ['> get x', 'HTTP/1.1 200 OK', 'body']);
  finish();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(await screen(), { lines: ['> get x', 'HTTP/1.1 200 OK', 'body', '>'], cursor: [3, 2] });
});

test('up and down walk the history and come back to the line being typed', async () => {
  const { editor } = setup();
  for (const line of ['one\r', 'two\r', 'two\r', '\r']) {
    editor.handleData(line);
    await new Promise((r) => setTimeout(r, 0));
  }
  editor.handleData('dra');
  editor.handleData(UP);
  assert.equal(editor.line, 'two', 'a repeated line is kept once, an empty one not at all');
  editor.handleData(UP);
  assert.equal(editor.line, 'one');
  editor.handleData(UP);
  assert.equal(editor.line, 'one', 'nothing older');
  editor.handleData(DOWN + DOWN);
  assert.equal(editor.line, 'dra', 'the draft is back');
});

test('output printed while typing lands above the prompt and the line stays whole', async () => {
  const { editor, screen } = setup();
  editor.handleData('post rust hi' + LEFT + LEFT);
  editor.print('alice: hello', '\x1b[36m');
  assert.deepEqual(await screen(), { lines: ['alice: hello', '> post rust hi'], cursor: [1, 12] });
});

test('a line longer than the terminal wraps, and the cursor finds its row', async () => {
  const { editor, screen } = setup({ cols: 10 });
  editor.handleData('abcdefghijklmnopqrstuvw');  // 2 + 23 = 25 cells: three rows
  assert.deepEqual(await screen(), { lines: ['> abcdefgh', 'ijklmnopqr', 'stuvw'], cursor: [2, 5] });
  editor.handleData(HOME);
  assert.deepEqual((await screen()).cursor, [0, 2]);
  editor.handleData(RIGHT.repeat(9));
  assert.deepEqual((await screen()).cursor, [1, 1]);
  editor.print('news');
  assert.deepEqual(await screen(), { lines: ['news', '> abcdefgh', 'ijklmnopqr', 'stuvw'], cursor: [2, 1] });
  editor.handleData(END + BACKSPACE.repeat(5));  // exactly two full rows: the cursor starts the third
  assert.deepEqual(await screen(), { lines: ['news', '> abcdefgh', 'ijklmnopqr'], cursor: [3, 0] });
  editor.handleData('x');
  assert.deepEqual(await screen(), { lines: ['news', '> abcdefgh', 'ijklmnopqr', 'x'], cursor: [3, 1] });
});

test('widths are the terminal\'s: Home lands after the prompt whatever the script', async () => {
  for (const text of ['नमस्ते नमस्ते नमस्ते', 'שָׁלוֹם עֲלֵיכֶם', 'かﾞがぎ ぐ', 'e\u0301e\u0301 caf\u00e9 🎉🦀 ok', '中文字符和English混合']) {
    const { editor, screen } = setup({ cols: 12 });
    editor.handleData(text);
    editor.handleData(HOME + 'X');
    const shown = await screen();
    assert.deepEqual(shown.cursor, [0, 3], `after Home + X in '${text}'`);
    assert.ok(shown.lines[0].startsWith('> X'), shown.lines.join('|'));
  }
  assert.equal(charCells('\u0915'), 1);
  assert.equal(charCells('\u094d'), 0, 'a Devanagari virama takes no cell');
  assert.equal(charCells('字'), 2);
});

test('wide characters take two cells, and one that does not fit wraps early', async () => {
  const { editor, screen } = setup({ cols: 9 });
  editor.handleData('日本語です');  // 2 + 10 cells; the 4th character cannot start at column 8
  const shown = await screen();
  assert.deepEqual(shown.lines, ['> 日本語', 'です']);
  assert.deepEqual(shown.cursor, [1, 4]);
  editor.handleData(LEFT + LEFT);
  assert.deepEqual((await screen()).cursor, [1, 0]);
});

test('visible() shows every control character and hides bidirectional overrides', () => {
  assert.equal(visible('a\x1bb\x07c\x7fd\x9be\x9d'), 'a␛b␇c\u2421d\ufffde\ufffd');
  assert.equal(visible('tab\tnew\r\nline'), 'tab\tnew\nline');
  assert.equal(visible('evil\u202etxt.exe \u2066x\u2069'), 'evil\ufffdtxt.exe \ufffdx\ufffd');
  assert.equal(visible('שלום'), 'שלום', 'right-to-left text itself is left alone');
});

test('escape sequences in printed text are shown, not obeyed', async () => {
  const { editor, screen } = setup();
  editor.print('mallory: \x1b[2J\x1b]52;c;cHduZWQ=\x07gotcha');
  const { lines } = await screen();
  assert.equal(lines[0], 'mallory:', 'the screen was not cleared');
  assert.deepEqual(lines.slice(1, 3), ['␛[2J␛]52;c;cHduZWQ=␇', 'gotcha'], 'the long word is cut where its row ends');
});

test('Ctrl-C while walking the history starts the next line fresh', async () => {
  const { editor } = setup();
  for (const line of ['a\r', 'b\r', 'c\r']) {
    editor.handleData(line);
    await new Promise((r) => setTimeout(r, 0));
  }
  editor.handleData(UP + UP + '\x03' + 'xyz' + UP);
  assert.equal(editor.line, 'c', 'Up starts from the newest entry again');
  editor.handleData(DOWN);
  assert.equal(editor.line, 'xyz', 'and Down brings back what was typed');
});

test('Ctrl-C at the prompt drops the line and tells the page', async () => {
  let interrupts = 0;
  const { editor, screen } = setup({ onInterrupt: () => { interrupts += 1; return false; } });
  editor.handleData('half a comm' + '\x03');
  assert.equal(interrupts, 1);
  assert.deepEqual(await screen(), { lines: ['> half a comm^C', '>'], cursor: [1, 2] });
});

test('Ctrl-L clears the screen and keeps the line being typed', async () => {
  const { editor, screen } = setup();
  editor.print('old output');
  editor.handleData('keep' + '\x0c');
  assert.deepEqual(await screen(), { lines: ['> keep'], cursor: [0, 6] });
});

test('after a resize the line is drawn again for the new width, output above kept', async () => {
  const { term, editor, screen } = setup({ cols: 20 });
  editor.print('output line 1');
  editor.print('output line 2');
  editor.handleData('0123456789abcdefghijklmn' + LEFT.repeat(4));  // 26 cells: two rows at 20
  await screen();  // what was written is on screen before the window changes, as in a page
  term.resize(10, 8);
  editor.resize(10, 8);
  assert.deepEqual(await screen(), {
    lines: ['output lin', 'e 1', 'output lin', 'e 2', '> 01234567', '89abcdefgh', 'ijklmn'],
    cursor: [6, 2],
  });
  term.resize(20, 8);
  editor.resize(20, 8);
  assert.deepEqual(await screen(), {
    lines: ['output line 1', 'output line 2', '> 0123456789abcdefgh', 'ijklmn'],
    cursor: [3, 2],
  });
});

test('a resize with the cursor on the line\'s first row', async () => {
  const { term, editor, screen } = setup({ cols: 10 });
  editor.print('above');
  editor.handleData('abcdefghijklmnopqrstu' + HOME);  // 23 cells: three rows, cursor on the first
  await screen();
  term.resize(6, 8);
  editor.resize(6, 8);
  assert.deepEqual(await screen(), { lines: ['above', '> abcd', 'efghij', 'klmnop', 'qrstu'], cursor: [1, 2] });
  term.resize(40, 8);
  editor.resize(40, 8);
  assert.deepEqual(await screen(), { lines: ['above', '> abcdefghijklmnopqrstu'], cursor: [1, 2] });
});

test('a resize with a line that exactly fills its rows leaves nothing behind', async () => {
  const { term, editor, screen } = setup({ cols: 10 });
  editor.print('above');
  editor.handleData('abcdefghijklmnopqr');  // 2 + 18 = 20 cells: two full rows, the cursor on a third
  assert.deepEqual(await screen(), { lines: ['above', '> abcdefgh', 'ijklmnopqr'], cursor: [3, 0] });
  term.resize(5, 8);  // (screen() above has flushed what was written)
  editor.resize(5, 8);
  assert.deepEqual(await screen(), { lines: ['above', '> abc', 'defgh', 'ijklm', 'nopqr'], cursor: [5, 0] });
  term.resize(10, 8);
  editor.resize(10, 8);
  assert.deepEqual(await screen(), { lines: ['above', '> abcdefgh', 'ijklmnopqr'], cursor: [3, 0] });
  term.resize(30, 8);
  editor.resize(30, 8);
  assert.deepEqual(await screen(), { lines: ['above', '> abcdefghijklmnopqr'], cursor: [1, 20] });
});
