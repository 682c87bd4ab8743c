// The copy keys as xterm.js's custom key handler sees them: Ctrl-Shift-C
// and Cmd-C on a Mac copy the selection; Ctrl-C copies when text is
// selected and goes on to the line editor (an interrupt) when not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installCopyKeys, isMac } from '../../web/src/copy_keys.js';

function fakeTerminal(selection) {
  const term = {
    selection,
    hasSelection: () => term.selection !== '',
    getSelection: () => term.selection,
    clearSelection: () => { term.selection = ''; },
    attachCustomKeyEventHandler: (handler) => { term.handler = handler; },
  };
  return term;
}
const key = (mods) => ({ type: 'keydown', key: 'c', altKey: false, ctrlKey: false, shiftKey: false, metaKey: false,
                         preventDefault() { this.prevented = true; }, ...mods });

test('Cmd-C on a Mac and Ctrl-Shift-C copy; Ctrl-C copies only with a selection', async () => {
  const copied = [];
  const copy = async (text) => { copied.push(text); };
  const mac = fakeTerminal('on a mac');
  installCopyKeys(mac, { mac: true, copy });
  assert.equal(mac.handler(key({ metaKey: true })), false, 'not sent to the terminal');
  const pc = fakeTerminal('on a pc');
  installCopyKeys(pc, { mac: false, copy });
  assert.equal(pc.handler(key({ metaKey: true })), true, 'Meta-C is not a copy key off a Mac');
  assert.equal(pc.handler(key({ ctrlKey: true, shiftKey: true, key: 'C' })), false);
  assert.equal(pc.handler(key({ ctrlKey: true })), false, 'Ctrl-C with a selection copies');
  assert.equal(pc.selection, '', 'and clears it');
  assert.equal(pc.handler(key({ ctrlKey: true })), true, 'Ctrl-C without one interrupts');
  await Promise.resolve();
  assert.deepEqual(copied, ['on a mac', 'on a pc', 'on a pc']);
  assert.equal(isMac('MacIntel'), true);
  assert.equal(isMac('Linux x86_64'), false);
});
