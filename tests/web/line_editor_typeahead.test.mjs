// Keys typed while a command runs: shown under its output as they are typed
// (faint), queued by Enter, run when the prompt is back; Ctrl-C drops them
// and says what it dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setup, tick } from './fixtures/editor_terminal.mjs';

const BRIGHT_BLACK = 8;

function slowCommands() {
  const ran = [];
  let finish = () => {};
  let interrupts = 0;
  const onLine = (line) => {
    ran.push(line);
    return line === 'slow' ? new Promise((r) => { finish = r; }) : undefined;
  };
  const onInterrupt = () => { interrupts += 1; finish(); return true; };
  return { ran, onLine, onInterrupt, finish: () => finish(), interrupts: () => interrupts };
}

test('keys typed while a command runs are shown under its output as they are typed, faint', async () => {
  const slow = slowCommands();
  const { editor, screen, colourAt } = setup({ cols: 60, onLine: slow.onLine });
  editor.handleData('slow\r');
  editor.handleData('tas');
  assert.deepEqual(await screen(), { lines: ['> slow', '> tas'], cursor: [1, 5] });
  assert.equal(await colourAt(1, 2), BRIGHT_BLACK, 'the typed-ahead text is faint');
  editor.handleData('\x7fsks');  // it is edited as at the prompt
  editor.print('slow output');
  assert.deepEqual((await screen()).lines, ['> slow', 'slow output', '> tasks'], 'output lands above it');
  editor.handleData('\rhalf');
  assert.deepEqual((await screen()).lines,
                   ['> slow', 'slow output', 'queued (runs when the command is done): tasks', '> half']);
  slow.finish();
  await tick();
  await tick();
  assert.deepEqual(slow.ran, ['slow', 'tasks']);
  const shown = await screen();
  assert.deepEqual(shown.lines.slice(-2), ['> tasks', '> half']);
  assert.deepEqual(shown.cursor, [shown.lines.length - 1, 6]);
  assert.equal(await colourAt(shown.lines.length - 1, 2), 'default', 'at the prompt it is ordinary text again');
});

test('Ctrl-C while a command runs cancels it and says what typed-ahead text it dropped', async () => {
  const slow = slowCommands();
  const { editor, screen, all } = setup({ cols: 60, onLine: slow.onLine, onInterrupt: slow.onInterrupt });
  editor.handleData('slow\r');
  editor.handleData('post rust one\r');
  editor.handleData('two');
  editor.handleData('\x03');
  assert.equal(slow.interrupts(), 1);
  await tick();
  await tick();
  assert.deepEqual(slow.ran, ['slow'], 'nothing typed ahead ran');
  const lines = await all();
  assert.ok(lines.includes('Ctrl-C dropped what was typed ahead: post rust one ⏎ two'), lines.join('\n'));
  assert.equal(lines[lines.length - 1], '>', 'an empty prompt, nothing faint left behind');
  assert.deepEqual((await screen()).cursor, [lines.length - 1, 2]);
});

test('Ctrl-C while a command runs with nothing typed ahead adds no words', async () => {
  const slow = slowCommands();
  const { editor, all } = setup({ cols: 60, onLine: slow.onLine, onInterrupt: slow.onInterrupt });
  editor.handleData('slow\r');
  editor.handleData('\x03');
  await tick();
  await tick();
  assert.deepEqual(await all(), ['> slow', '>']);
});

test('a pasted block of lines runs its lines in order, without a note for each', async () => {
  const ran = [];
  const { editor, screen } = setup({ cols: 30, onLine: (line) => { ran.push(line); } });
  editor.handleData('one\rtwo\rthree\rfour');
  for (let i = 0; i < 6; i++) await tick();
  assert.deepEqual(ran, ['one', 'two', 'three']);
  assert.deepEqual((await screen()).lines, ['> one', '> two', '> three', '> four']);
});
