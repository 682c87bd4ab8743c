// The view's calls into the WebAssembly module: guarded when the exports are
// missing (an older build), and bad text from them is counted, not thrown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeLink } from '../../web/src/view/runtime_link.js';

// A stand-in module: strings live at "pointers" in a table.
function fakeRuntime(batches, extra = {}) {
  const heap = new Map();
  let next = 8;
  const put = (text) => { heap.set(next, text); return (next += 8) - 8; };
  const calls = [];
  return {
    calls,
    UTF8ToString: (p) => { if (!heap.has(p)) throw new Error(`bad pointer ${p}`); return heap.get(p); },
    _asyncplay_take_events: () => put(batches.length ? batches.shift() : '[]'),
    _asyncplay_pause: () => calls.push('pause'),
    _asyncplay_play: () => calls.push('play'),
    _asyncplay_step: () => { calls.push('step'); return 1; },
    _asyncplay_set_delay: (ms) => calls.push(`delay ${ms}`),
    _asyncplay_clear_events: () => calls.push('clear'),
    _asyncplay_chrome_trace: () => put('{"traceEvents":[]}'),
    ...extra,
  };
}

test('events are taken and parsed; text that is not JSON is counted and gives nothing', () => {
  const link = new RuntimeLink(fakeRuntime(['[{"e":"poll","t":1,"task":1,"wake":0}]', '[{"e":', '[]']));
  assert.equal(link.streams, true);
  assert.deepEqual(link.take(), [{ e: 'poll', t: 1, task: 1, wake: 0 }]);
  assert.deepEqual(link.take(), []);
  assert.equal(link.failures, 1);
  assert.match(link.lastError, /asyncplay_take_events/);
  assert.deepEqual(link.take(), []);
});

test('the controls call their exports', () => {
  const runtime = fakeRuntime([]);
  const link = new RuntimeLink(runtime);
  assert.ok(link.pause() && link.play() && link.setDelay(200) && link.clear());
  assert.equal(link.step(), 1);
  assert.deepEqual(runtime.calls, ['pause', 'play', 'delay 200', 'clear', 'step']);
  assert.equal(link.chromeTrace(), '{"traceEvents":[]}');
});

test('an older build without the exports: nothing is called, nothing throws', () => {
  const runtime = { UTF8ToString: () => '', _asyncplay_status: () => 0 };
  const link = new RuntimeLink(runtime);
  assert.equal(link.streams, false);
  assert.equal(link.take(), null);
  assert.equal(link.pause(), false);
  assert.equal(link.step(), null);
  assert.equal(link.chromeTrace(), null);
  assert.equal(new RuntimeLink(null).take(), null);
});

test('an export that throws (the runtime aborted) is counted', () => {
  const link = new RuntimeLink(fakeRuntime([], { _asyncplay_take_events: () => { throw new Error('unreachable'); } }));
  assert.deepEqual(link.take(), []);
  assert.equal(link.failures, 1);
  assert.match(link.lastError, /unreachable/);
});
