// The live view's event store: tasks derived from the event stream
// (docs/TRACE_EVENTS.md), bounded to the last N events, replayable at any
// recorded time, and unbothered by malformed input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStore } from '../../web/src/view/event_store.js';
import { chatRun, getRun, session } from './fixtures/mock_events.mjs';

const clone = (x) => JSON.parse(JSON.stringify(x));

test('a get: spawned, parked at each await in turn, woken, done', () => {
  const run = getRun();
  const store = new EventStore();
  assert.equal(store.add(clone(run.events)), run.events.length);
  const get = store.stateAt().tasks.get(run.ids.get);
  assert.equal(get.name, 'get');
  assert.equal(get.state, 'done');
  const polls = run.events.filter((e) => e.e === 'poll' && e.task === run.ids.get);
  assert.equal(get.polls, polls.length);
  assert.equal(get.wakes, run.events.filter((e) => e.e === 'wake' && e.task === run.ids.get).length);
  const busy = run.events.filter((e) => (e.e === 'pending' || e.e === 'ready') && e.task === run.ids.get)
    .reduce((sum, e) => sum + e.busy, 0);
  assert.ok(Math.abs(get.busy - busy) < 1e-9, `${get.busy} vs ${busy}`);
  assert.equal(get.lastWake.text, 'WebSocket 1 message of 120 bytes');
  assert.deepEqual(get.at, [], 'a finished task is parked nowhere');

  // Scrubbing: right after each Pending, the task is parked where it said.
  const pendings = run.events.filter((e) => e.e === 'pending' && e.task === run.ids.get);
  assert.equal(pendings.length, run.parked.length);
  pendings.forEach((p, i) => {
    const then = store.stateAt(p.t).tasks.get(run.ids.get);
    assert.equal(then.state, 'pending', `after Pending #${i + 1}`);
    const leaf = then.at[then.at.length - 1];
    assert.deepEqual([leaf.file, leaf.line], [run.leaves[i].file, run.leaves[i].line]);
  });
  const wakes = run.events.filter((e) => e.e === 'wake' && e.task === run.ids.get);
  assert.equal(store.stateAt(wakes[0].t).tasks.get(run.ids.get).state, 'scheduled');
  assert.equal(store.stateAt(pendings[0].t - 0.001).tasks.get(run.ids.get).state, 'running');
  assert.equal(store.stateAt(0).tasks.size, 0, 'nothing before the first event');
  // Forward, back, forward again: the cached replay gives the same answers.
  assert.equal(store.stateAt(pendings[2].t).tasks.get(run.ids.get).polls, 3);
  assert.equal(store.stateAt(pendings[1].t).tasks.get(run.ids.get).polls, 2);
  assert.equal(store.stateAt(pendings[2].t).tasks.get(run.ids.get).polls, 3);
});

test('each wake with effect scheduled is linked to the poll whose wake is its id', () => {
  const { events } = session();
  const store = new EventStore();
  store.add(clone(events));
  const scheduled = events.filter((e) => e.e === 'wake' && e.effect === 'scheduled');
  assert.equal([...store.wakes].length, scheduled.length);
  for (const wake of store.wakes) {
    const poll = events.find((e) => e.e === 'poll' && e.wake === wake.wake);
    assert.ok(wake.span, `wake ${wake.wake} has its poll`);
    assert.equal(wake.span.start, poll.t);
    assert.equal(wake.span.task, wake.task);
  }
  const spans = [...store.spans];
  assert.equal(spans.length, events.filter((e) => e.e === 'poll').length);
  assert.ok(spans.every((s) => s.result === 'pending' || s.result === 'ready'));
});

test('a wake during its own poll (repoll) makes the Pending task scheduled and links the next poll, which carries its id', () => {
  // As docs/TRACE_EVENTS.md has it: the poll after a repoll carries the wake's
  // id; an older build said 0, and the store still links that one.
  for (const pollWake of [7, 0]) {
    const store = new EventStore();
    store.add([
      { e: 'spawn', t: 1, task: 1, name: 'yielder', parent: 0, site: null },
      { e: 'poll', t: 2, task: 1, wake: 0 },
      { e: 'wake', t: 2.5, task: 1, wake: 7, cause: { kind: 'yield', text: 'yield_now' }, by: 1, effect: 'repoll' },
      { e: 'pending', t: 3, task: 1, busy: 1, at: [], waits: [] },
    ]);
    assert.equal(store.stateAt().tasks.get(1).state, 'scheduled');
    store.add([{ e: 'poll', t: 4, task: 1, wake: pollWake }]);
    const wake = store.wakes.first();
    assert.equal(wake.span && wake.span.start, 4, `poll with wake ${pollWake}`);
    assert.equal([...store.spans][1].cause, wake);
    // A later repoll poll names its own wake, not the first one again.
    store.add([
      { e: 'wake', t: 4.5, task: 1, wake: 8, cause: { kind: 'yield', text: 'yield_now' }, by: 1, effect: 'repoll' },
      { e: 'pending', t: 5, task: 1, busy: 1, at: [], waits: [] },
      { e: 'poll', t: 6, task: 1, wake: pollWake && 8 },
    ]);
    assert.equal(store.wakes.at(1).span.start, 6);
    assert.equal(wake.span.start, 4, 'the first wake keeps its own poll');
  }
});

test('only the last `capacity` events are kept; the state at any kept time stays exact', () => {
  const { events } = session();
  const full = new EventStore();
  full.add(clone(events));
  const small = new EventStore({ capacity: 10 });
  for (const e of events) small.add([clone(e)]);  // one at a time, as frames would
  assert.equal(small.size, 10);
  assert.equal(small.dropped, events.length - 10);
  assert.equal(small.startTime, events[events.length - 10].t);
  for (const t of [small.startTime, events[events.length - 4].t, Infinity]) {
    assert.deepEqual(small.stateAt(t).tasks, full.stateAt(t).tasks, `state at ${t}`);
  }
  assert.ok([...small.spans].every((s) => s.seq >= small.events.first().seq || s.end !== null));
  assert.ok([...small.wakes].length <= 10);
});

test('malformed events are skipped and counted, never thrown; unknown kinds are counted apart', () => {
  const store = new EventStore();
  const good = chatRun().events;
  const bad = [null, 7, 'x', {}, { e: 'poll' }, { e: 'poll', t: 'soon', task: 1 }, { e: 'poll', t: 1, task: -1 },
               { e: 'pending', t: 1, task: 1, at: 'here' }, { e: 'pending', t: 1, task: 1, at: [{ file: 3 }] },
               { e: 'wake', t: 1, task: 1, wake: 0 }, { e: 'wake', t: 1, task: 1, wake: 2, effect: 'maybe' },
               { e: 'waker', t: 1, task: 1, op: 'steal' }, { e: 'lint', t: 1, task: 1 }, { e: 'lost', t: 1 }];
  const mixed = [...clone(good).slice(0, 2), ...bad, ...clone(good).slice(2), { e: 'frobnicate', t: 1 }];
  assert.equal(store.add(mixed), good.length);
  assert.equal(store.malformed, bad.length);
  assert.equal(store.unknown, 1);
  assert.equal(store.add({ not: 'an array' }), 0);
  assert.equal(store.malformed, bad.length + 1);
  const clean = new EventStore();
  clean.add(clone(good));
  assert.deepEqual(store.stateAt().tasks, clean.stateAt().tasks);
});

test('a time that goes back is shown at the last time, so replay stays ordered', () => {
  const store = new EventStore();
  store.add([{ e: 'spawn', t: 5, task: 1, name: 'a', parent: 0 }, { e: 'poll', t: 4, task: 1, wake: 0 }]);
  assert.equal(store.events.last().t, 5);
  assert.equal(store.stateAt(5).tasks.get(1).state, 'running');
});

test('lints, waker counts, cancel, lost, and clear', () => {
  const store = new EventStore();
  store.add([
    { e: 'spawn', t: 1, task: 2, name: 'broken', parent: 0 },
    { e: 'poll', t: 2, task: 2, wake: 0 },
    { e: 'pending', t: 3, task: 2, busy: 1, at: [{ file: 'x.cpp', line: 4, fn: 'f', frame: 0 }], waits: ['nothing'] },
    { e: 'lint', t: 3, task: 2, lint: 'lost-waker', text: 'Pending while no waker is held' },
    { e: 'lint', t: 3.5, task: 2, lint: 'lost-waker', text: 'Pending while no waker is held' },
    { e: 'waker', t: 3.6, task: 2, op: 'drop', held: 0 },
    { e: 'lost', t: 3.7, count: 12 },
    { e: 'lost', count: 3 },
    { e: 'cancel', t: 4, task: 2 },
  ]);
  const task = store.stateAt().tasks.get(2);
  assert.deepEqual(task.lints.map((l) => [l.lint, l.count]), [['lost-waker', 2]]);
  assert.equal(task.wakers, 0);
  assert.equal(task.state, 'cancelled');
  assert.equal(store.lost, 15);
  assert.equal(store.stateAt(3.55).tasks.get(2).state, 'pending');
  const version = store.version;
  store.clear();
  assert.equal(store.size, 0);
  assert.equal(store.stateAt().tasks.size, 0);
  assert.notEqual(store.version, version, 'a clear is a change to show');
  assert.deepEqual([store.dropped, store.malformed, store.lost, [...store.spans].length], [0, 0, 0, 0]);
});
