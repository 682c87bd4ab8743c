// The view's DOM-free models: the tasks table's rows, the timeline's
// geometry, and which source line the source pane shows, from synthetic
// streams that follow docs/TRACE_EVENTS.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStore } from '../../web/src/view/event_store.js';
import { pickFrame, sourceFor, tokens } from '../../web/src/view/source_model.js';
import { taskRows } from '../../web/src/view/task_rows.js';
import { GEOMETRY, laneAt, layoutTimeline, tickStep } from '../../web/src/view/timeline_layout.js';
import { getRun, session } from './fixtures/mock_events.mjs';

const storeOf = (events) => {
  const store = new EventStore();
  store.add(JSON.parse(JSON.stringify(events)));
  return store;
};
const basename = (f) => f.split('/').pop();

test('rows: tokio-console columns; a Pending task says where it is parked and what it waits for', () => {
  const run = getRun();
  const store = storeOf(run.events);
  const firstPending = run.events.find((e) => e.e === 'pending');
  const { rows, hidden } = taskRows(store.stateAt(firstPending.t), run.ids.get);
  assert.equal(hidden, 0);
  const get = rows.find((r) => r.id === run.ids.get);
  const leaf = run.parked[0];
  assert.equal(get.state, 'pending');
  assert.equal(get.parkedAt, `${leaf.fn} ${basename(leaf.file)}:${leaf.line}`);
  assert.equal(get.waits, 'WebSocket 1 open');
  assert.equal(get.polls, 1);
  assert.equal(get.busy, '40 µs');
  assert.equal(get.followed, true);
  assert.deepEqual(rows.map((r) => r.id), [...rows.map((r) => r.id)].sort((a, b) => a - b));
  const done = taskRows(store.stateAt()).rows.find((r) => r.id === run.ids.get);
  assert.deepEqual([done.state, done.parkedAt, done.waits, done.followed], ['done', '', '', false]);
  assert.equal(done.lastWake, 'WebSocket 1 message of 120 bytes');
  // "parked at" is the code a learner reads, not the runtime's frame under it;
  // the whole chain, runtime frames marked, is the cell's tooltip.
  assert.equal(get.parked.file, 'http/cheapo_request.cpp');
  const opened = run.leaves[0];
  assert.match(get.parked.chain, new RegExp(`→ connect ${opened.file}:${opened.line} \\(runtime\\)$`));
  const onlyRuntime = taskRows(storeOf([{ e: 'spawn', t: 1, task: 1, name: 'x', parent: 0 }, { e: 'poll', t: 1, task: 1, wake: 0 },
    { e: 'pending', t: 2, task: 1, busy: 1, at: [{ file: 'runtime/a.hpp', line: 3, fn: 'f', frame: 0, lib: true }], waits: [] }]).stateAt()).rows[0];
  assert.equal(onlyRuntime.parkedAt, 'f a.hpp:3', 'a chain all in the runtime shows its leaf');
});

test('lib: taken from the event, else from the file\'s layer', async () => {
  const { location } = await import('../../web/src/view/event_schema.js');
  assert.equal(location({ file: 'net/tcp_stream.cpp', line: 1 }).lib, true);
  assert.equal(location({ file: 'trace/x.cpp', line: 1 }).lib, true);
  assert.equal(location({ file: 'http/cheapo_request.cpp', line: 1 }).lib, false);
  assert.equal(location({ file: 'http/cheapo_request.cpp', line: 1, lib: true }).lib, true, 'the runtime\'s word wins');
  assert.equal(location({ file: 'net/x.cpp', line: 1, lib: 'yes' }).lib, true, 'not a boolean: the layer decides');
});

test('rows: lints carry words, not only a colour; old finished tasks are counted, not listed', () => {
  const events = [];
  for (let id = 1; id <= 5; id++) {
    events.push({ e: 'spawn', t: id, task: id, name: `t${id}`, parent: 0 }, { e: 'poll', t: id, task: id, wake: 0 },
                { e: 'ready', t: id + 0.5, task: id, busy: 0.5, failed: id === 2 });
  }
  events.push({ e: 'spawn', t: 9, task: 9, name: 'stuck', parent: 0 }, { e: 'poll', t: 9, task: 9, wake: 0 },
              { e: 'pending', t: 9.1, task: 9, busy: 0.1, at: [], waits: [] },
              { e: 'lint', t: 9.1, task: 9, lint: 'lost-waker', text: 'no waker held' });
  const { rows, hidden } = taskRows(storeOf(events).stateAt(), 1, { finishedShown: 2 });
  assert.deepEqual(rows.map((r) => r.id), [1, 4, 5, 9], 'the followed one, the last two finished, the live one');
  assert.equal(hidden, 2);
  const stuck = rows.find((r) => r.id === 9);
  assert.equal(stuck.lints.length, 1);
  assert.match(stuck.lints[0].label, /⚠ lost waker/);
  assert.match(taskRows(storeOf(events).stateAt(), 0, { finishedShown: 10 }).rows[1].stateText, /failed/);
});

test('timeline: a mark per poll, Pending and Ready apart, an arrow per wake from its cause', () => {
  const { events, get } = session();
  const store = storeOf(events);
  const end = store.endTime;
  const span = end - store.startTime + 1;
  const layout = layoutTimeline(store, store.stateAt(end), { end, span, width: 800 });
  const pendings = events.filter((e) => e.e === 'pending').length;
  const readies = events.filter((e) => e.e === 'ready').length;
  assert.deepEqual([layout.counts.pending, layout.counts.ready, layout.counts.running], [pendings, readies, 0]);
  assert.equal(layout.counts.arrows, events.filter((e) => e.e === 'wake').length);
  assert.equal(layout.lanes[0].key, 'events');
  const taskIds = [...new Set(events.filter((e) => e.e === 'spawn').map((e) => e.task))].sort((a, b) => a - b);
  assert.deepEqual(layout.lanes.slice(1).map((l) => l.id), taskIds);
  assert.equal(layout.lanes.find((l) => l.id === get.ids.get).label, `${get.ids.get} get`);
  // A WebSocket wake starts on the events lane; a task's wake on that task's lane.
  for (const a of layout.arrows) {
    const wake = events.find((e) => e.e === 'wake' && e.wake === a.wake);
    const poll = events.find((e) => e.e === 'poll' && e.wake === a.wake);
    const fromLane = wake.cause.kind === 'task' ? layout.lanes.find((l) => l.id === wake.by) : layout.lanes[0];
    assert.equal(a.y0, fromLane.y + fromLane.height / 2, `arrow of wake ${a.wake} starts on its cause's lane`);
    const toLane = layout.lanes.find((l) => l.id === wake.task);
    assert.equal(a.y1, toLane.y + toLane.height / 2);
    assert.ok(Math.abs(a.x1 - (GEOMETRY.label + ((poll.t - layout.t0) / span) * (800 - GEOMETRY.label))) < 1e-6);
    assert.ok(a.x0 <= a.x1);
  }
  assert.ok(layout.marks.every((m) => m.w >= GEOMETRY.minMark), 'every poll stays visible');
  assert.ok(layout.marks.every((m) => m.x >= GEOMETRY.label && m.x + m.w <= 800 + GEOMETRY.minMark));
  // Every lane is where laneAt finds it.
  for (const l of layout.lanes) assert.equal(laneAt(layout, l.y + 1), l.id);
});

test('timeline: scrubbed back, nothing after the moment is drawn and a running poll is open', () => {
  const { events, ids } = getRun();
  const store = storeOf(events);
  const polls = events.filter((e) => e.e === 'poll' && e.task === ids.get);
  const during = polls[1].t + 0.01;  // inside the second poll of get
  const layout = layoutTimeline(store, store.stateAt(during), { end: during, span: 50, width: 600, followed: ids.get });
  assert.equal(layout.counts.running, 1);
  assert.ok(layout.marks.every((m) => m.end <= during));
  assert.equal(layout.counts.arrows, 1, 'only the open wake has led to its poll yet');
  assert.equal(layout.lanes.find((l) => l.id === ids.get).followed, true);
  assert.ok(layout.lanes.every((l) => l.id !== ids.backoff), 'the backoff task is not spawned yet');
  // Zoomed in far enough, the window holds no mark, but the live tasks keep their lanes.
  const empty = layoutTimeline(store, store.stateAt(during), { end: during - 0.02, span: 0.005, width: 600 });
  assert.equal(empty.marks.length, 0);
  assert.ok(empty.lanes.length > 1);
});

test('timeline: a window past the moment shown draws nothing after it, and says where the moment is', () => {
  const { events, ids } = getRun();
  const store = storeOf(events);
  const pendings = events.filter((e) => e.e === 'pending' && e.task === ids.get);
  const cut = pendings[0].t;
  const layout = layoutTimeline(store, store.stateAt(cut), { end: cut + 10, cut, span: 20, width: 700 });
  assert.ok(layout.marks.every((m) => m.end <= cut));
  assert.ok(layout.arrows.every((a) => a.x1 <= layout.cursor));
  assert.equal(layout.cursor, GEOMETRY.label + ((cut - layout.t0) / 20) * (700 - GEOMETRY.label));
  const parkedGet = layout.parked.find((p) => p.task === ids.get);
  assert.equal(parkedGet.x1, layout.cursor, 'the parked stretch runs to the moment, not to the edge');
  assert.equal(layoutTimeline(store, store.stateAt(), { end: 40, span: 40, width: 700 }).cursor, null);
});

test('timeline: axis ticks at 1-2-5 steps at least 80 px apart', () => {
  assert.equal(tickStep(1000, 800), 100);
  assert.equal(tickStep(1000, 500), 200);
  assert.equal(tickStep(3, 800), 0.5);
  const store = storeOf(getRun().events);
  const layout = layoutTimeline(store, store.stateAt(), { end: 40, span: 40, width: 532 });
  assert.ok(layout.ticks.length >= 2);
  for (let i = 1; i < layout.ticks.length; i++) assert.ok(layout.ticks[i].x - layout.ticks[i - 1].x >= 80);
});

test('source: the innermost embedded co_await of the chain, its frame size, and the chain to pick from', () => {
  const run = getRun();
  const store = storeOf(run.events);
  const pending = run.events.filter((e) => e.e === 'pending' && e.task === run.ids.get);
  const sources = { 'http/cheapo_request.cpp': 'x', 'wasm/console.cpp': 'y' };  // tcp_stream*.cpp not embedded
  const first = sourceFor(store.stateAt(pending[0].t).tasks.get(run.ids.get), sources);
  const connect = pending[0].at[1];
  assert.deepEqual([first.file, first.line, first.index], [connect.file, connect.line, 1]);
  assert.equal(first.frameText, `these ${connect.frame} bytes hold the locals while Pending`);
  assert.deepEqual(first.chain.map((c) => c.embedded), [true, true, false]);
  const outer = sourceFor(store.stateAt(pending[0].t).tasks.get(run.ids.get), sources, 0);
  assert.deepEqual([outer.file, outer.line], [pending[0].at[0].file, pending[0].at[0].line]);
  assert.deepEqual(first.chain.map((c) => c.lib), [false, false, true]);
  const notEmbedded = sourceFor(store.stateAt(pending[0].t).tasks.get(run.ids.get), sources, 2);
  assert.equal(notEmbedded.index, 1, 'a chosen entry that is not embedded falls back');
  const all = { ...sources, 'net/tcp_stream_websocket.cpp': 'z', 'net/tcp_stream.cpp': 'w' };
  // Everything embedded: still the code a learner reads by default, and the
  // runtime's frame one pick away.
  pending.forEach((p, i) => {
    const task = store.stateAt(p.t).tasks.get(run.ids.get);
    const shown = sourceFor(task, all);
    assert.deepEqual([shown.file, shown.line], [run.parked[i].file, run.parked[i].line]);
    const leaf = sourceFor(task, all, task.at.length - 1);
    assert.deepEqual([leaf.file, leaf.line], [run.leaves[i].file, run.leaves[i].line]);
  });
  // A chain whose only embedded frames are the runtime's shows the innermost of those.
  assert.equal(pickFrame([{ file: 'x/y.cpp', lib: false }, { file: 'net/tcp_stream.cpp', lib: true }], all), 1);
  // Done, it shows where it last resumed from, without a frame (it is freed).
  const done = sourceFor(store.stateAt().tasks.get(run.ids.get), all);
  const last = run.parked[run.parked.length - 1];
  assert.deepEqual([done.file, done.line, done.frameText], [last.file, last.line, '']);
  assert.match(done.caption, /is done; it last resumed from line/);
  const never = sourceFor({ id: 9, state: 'done', at: [], lastAt: [] }, all);
  assert.deepEqual([never.file, never.chain.length], ['', 0]);
  assert.match(never.caption, /done: no co_await/);
  assert.equal(sourceFor({ id: 1, state: 'pending', at: [{ file: 'a.cpp', line: 1, fn: '', frame: 0 }] }, all).file, '');
  assert.equal(pickFrame([], all), -1);
  assert.equal(sourceFor(null, all), null);
});

test('source: light colouring keeps every character', () => {
  const line = '  auto s = co_await connect("a\\"b"); // go';
  const parts = tokens(line);
  assert.equal(parts.map((p) => p.text).join(''), line);
  assert.deepEqual(parts.filter((p) => p.kind).map((p) => [p.kind, p.text]),
                   [['keyword', 'co_await'], ['string', '"a\\"b"'], ['comment', '// go']]);
  assert.deepEqual(tokens(''), [{ text: '', kind: '' }]);
});

test('follow: the command\'s task, not block_on\'s helper nor a task it spawned', async () => {
  const { pickFollow } = await import('../../web/src/view/follow.js');
  const run = getRun();
  const store = storeOf(run.events);
  assert.equal(pickFollow(store.stateAt()), run.ids.get);
  const spawnedBackoff = run.events.find((e) => e.e === 'spawn' && e.task === run.ids.backoff);
  assert.equal(pickFollow(store.stateAt(spawnedBackoff.t)), run.ids.get);
  assert.equal(pickFollow(store.stateAt(0)), 0);
  const { events } = session();
  assert.equal(pickFollow(storeOf(events).stateAt()), run.ids.get, 'the newer command wins over the chat reader');
  // The in-browser host's accept loop, newer and spawned from outside any task, is not the command.
  const withHost = storeOf(run.events);
  withHost.add([{ e: 'spawn', t: withHost.endTime, task: 1_000_001, name: 'host: chat server (accept loop)', parent: 0 }]);
  assert.equal(pickFollow(withHost.stateAt()), run.ids.get);
});

test('the runtime clock: never ahead of what the events say, moving with the page in between', async () => {
  const { RuntimeClock } = await import('../../web/src/view/runtime_clock.js');
  const clock = new RuntimeClock();
  assert.equal(clock.now(5, 1000), 5, 'before any batch: the last event time');
  clock.saw(10, 1000);  // event at runtime 10 ms taken at page 1000 ms
  clock.saw(12, 1010);  // a later batch that took longer to come: a smaller offset, ignored
  assert.equal(clock.now(12, 1020), 30);
  assert.equal(clock.now(40, 1020), 40, 'an event time beyond the estimate wins');
  // The status's `now` replaces the estimate, moved on by the page's clock.
  clock.sawStatus(50, 1030);
  assert.equal(clock.now(12, 1030), 50);
  assert.equal(clock.now(12, 1100), 120);
  clock.sawStatus(50, 1200);  // the same reading seen again: not newer
  assert.equal(clock.now(12, 1200), 220);
  clock.sawStatus(undefined, 1300);
  clock.sawStatus('x', 1300);
  assert.equal(clock.now(12, 1300), 320, 'a status without `now` keeps the last reading');
  assert.equal(clock.now(400, 1300), 400);
});
