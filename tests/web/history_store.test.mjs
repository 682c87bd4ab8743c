// The command history kept across reloads: what is stored, what is read
// back, and storages that are missing, full or hold something else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearHistory, loadHistory, MAX_STORED, MAX_STORED_LINE, saveHistory } from '../../web/src/history_store.js';
import { setup } from './fixtures/editor_terminal.mjs';

// localStorage's interface over a Map.
function memoryStorage() {
  const items = new Map();
  return {
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => { items.set(k, String(v)); },
    removeItem: (k) => { items.delete(k); },
    items,
  };
}

test('lines saved are the lines loaded, the newest MAX_STORED of them', () => {
  const storage = memoryStorage();
  const lines = Array.from({ length: MAX_STORED + 50 }, (_, i) => `post rust ${i}`);
  assert.equal(saveHistory(storage, lines), true);
  const loaded = loadHistory(storage);
  assert.equal(loaded.length, MAX_STORED);
  assert.equal(loaded[0], 'post rust 50');
  assert.equal(loaded.at(-1), `post rust ${MAX_STORED + 49}`);
});

test('a line too long to keep is left out, the others kept', () => {
  const storage = memoryStorage();
  saveHistory(storage, ['join rust', 'post rust ' + 'x'.repeat(MAX_STORED_LINE), 'tasks']);
  assert.deepEqual(loadHistory(storage), ['join rust', 'tasks']);
});

test('garbage in the storage, or no storage at all, is an empty history', () => {
  const storage = memoryStorage();
  for (const raw of ['not json', '{"a":1}', '[1, null, "tasks", {"x":2}]', 'null']) {
    storage.items.set('asyncplay.history.v1', raw);
    assert.deepEqual(loadHistory(storage), raw.includes('tasks') ? ['tasks'] : [], raw);
  }
  assert.deepEqual(loadHistory(null), []);
  assert.deepEqual(loadHistory(undefined), []);
  const refusing = { getItem() { throw new Error('SecurityError'); }, setItem() { throw new Error('QuotaExceededError'); },
                     removeItem() { throw new Error('SecurityError'); } };
  assert.deepEqual(loadHistory(refusing), []);
  assert.equal(saveHistory(refusing, ['tasks']), false);
  assert.equal(saveHistory(null, ['tasks']), false);
  clearHistory(refusing);  // does not throw
});

test('clearing forgets what was stored', () => {
  const storage = memoryStorage();
  saveHistory(storage, ['tasks']);
  clearHistory(storage);
  assert.deepEqual(loadHistory(storage), []);
});

test('the editor starts with a given history and reports each line it remembers', async () => {
  const reported = [];
  const { editor } = setup({ history: ['join rust', 'tasks'], onHistory: (lines) => reported.push([...lines]) });
  editor.handleData('\x1b[A');
  assert.equal(editor.line, 'tasks', 'Up reaches the last line of the earlier page');
  editor.handleData('\x15trace on\r');
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(reported, [['join rust', 'tasks', 'trace on']]);
  editor.forgetHistory();
  editor.handleData('\x1b[A');
  assert.equal(editor.line, '', 'nothing to walk back to');
});
