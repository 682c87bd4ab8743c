// Tab at the prompt completes the command word (the key bar's Tab on a
// phone), and lists the choices when several commands fit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setup } from './fixtures/editor_terminal.mjs';

test('Tab completes the command word and lists the choices when several fit', async () => {
  const { editor, screen } = setup({ cols: 40 });
  editor.handleData('tra\t');
  assert.equal(editor.line, 'trace ');
  editor.handleData('\x15c\t');
  assert.equal(editor.line, 'c', 'clear and connect share only "c"');
  assert.deepEqual((await screen()).lines, ['clear  connect', '> c']);
  editor.handleData('o\t');
  assert.equal(editor.line, 'connect ');
  editor.handleData('127\t');
  assert.equal(editor.line, 'connect 127', 'only the first word is completed');
});
