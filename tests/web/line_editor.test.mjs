// The line editor against a real terminal emulator: xterm.js's headless build
// interprets what the editor writes, and the tests read the screen back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import headless from '@xterm/headless';
import { LineEditor, splitKeys } from '../../web/src/line_editor.js';

const { Terminal } = headless;

function setup({ cols = 20, rows = 8, onLine = () => {}, onInterrupt = () => false } = {}) {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  const editor = new LineEditor({ write: (text) => term.write(text), columns: cols, prompt: '> ', onLine, onInterrupt });
  editor.showPrompt();
  const flush = () => new Promise((resolve) => term.write('', resolve));
  const screen = async () => {
    await flush();
    const buffer = term.buffer.active;
    const lines = [];
    for (let i = 0; i < term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i).translateToString(true).trimEnd());
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return { lines, cursor: [buffer.cursorY, buffer.cursorX] };
  };
  return { term, editor, screen };
}

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

test('wide characters take two cells, and one that does not fit wraps early', async () => {
  const { editor, screen } = setup({ cols: 9 });
  editor.handleData('日本語です');  // 2 + 10 cells; the 4th character cannot start at column 8
  const shown = await screen();
  assert.deepEqual(shown.lines, ['> 日本語', 'です']);
  assert.deepEqual(shown.cursor, [1, 4]);
  editor.handleData(LEFT + LEFT);
  assert.deepEqual((await screen()).cursor, [1, 0]);
});

test('escape sequences in printed text are shown, not obeyed', async () => {
  const { editor, screen } = setup();
  editor.print('mallory: \x1b[2J\x1b]52;c;cHduZWQ=\x07gotcha');
  const { lines } = await screen();
  assert.equal(lines[0], 'mallory: ␛[2J␛]52;c;', 'the screen was not cleared');
  assert.ok(lines[1].startsWith('cHduZWQ=␇gotcha'), lines.join('|'));
});

test('Ctrl-C at the prompt drops the line and tells the page', async () => {
  let interrupts = 0;
  const { editor, screen } = setup({ onInterrupt: () => { interrupts += 1; return false; } });
  editor.handleData('half a comm' + '\x03');
  assert.equal(interrupts, 1);
  assert.deepEqual(await screen(), { lines: ['> half a comm^C', '>'], cursor: [1, 2] });
});

test('while a command runs only Ctrl-C acts; what was typed waits for the prompt', async () => {
  let finish;
  let interrupts = 0;
  const ran = [];
  const { editor, screen } = setup({
    onLine: (line) => { ran.push(line); return line === 'slow' ? new Promise((r) => { finish = r; }) : undefined; },
    onInterrupt: () => { interrupts += 1; finish(); return true; },
  });
  editor.handleData('slow\r');
  editor.handleData('tas');
  assert.deepEqual((await screen()).lines, ['> slow'], 'type-ahead is not echoed while busy');
  editor.handleData('ks\r');
  editor.handleData('\x03');
  assert.equal(interrupts, 1);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(ran, ['slow'], 'Ctrl-C drops the type-ahead too');
  editor.handleData('one\rtwo\r');  // a paste of two lines runs them in order
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(ran, ['slow', 'one', 'two']);
  assert.deepEqual((await screen()).lines.slice(-3), ['> one', '> two', '>']);
});

test('Ctrl-L clears the screen and keeps the line being typed', async () => {
  const { editor, screen } = setup();
  editor.print('old output');
  editor.handleData('keep' + '\x0c');
  assert.deepEqual(await screen(), { lines: ['> keep'], cursor: [0, 6] });
});

test('after a resize the line is drawn again for the new width', async () => {
  const { term, editor, screen } = setup({ cols: 20 });
  editor.handleData('0123456789abcdefghijklmn');  // 26 cells: two rows at 20
  term.resize(10, 8);
  editor.resize(10);
  const shown = await screen();
  assert.deepEqual(shown.lines.slice(-3), ['> 01234567', '89abcdefgh', 'ijklmn']);
  assert.deepEqual(shown.cursor, [shown.lines.length - 1, 6]);
});

test('a line is at most 4096 characters', () => {
  const { editor } = setup();
  editor.handleData('x'.repeat(5000));
  assert.equal(editor.line.length, 4096);
});
