// The in-browser host's events in a page's live view (web/src/view/host_events.js):
// renumbered apart from the page's tasks, on the page's clock, merged in time order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStore } from '../../web/src/view/event_store.js';
import { HOST_TASKS, fromHost, mergeByTime, shownId } from '../../web/src/view/host_events.js';

const hostEvents = [
  { e: 'spawn', t: 5, task: 1, name: 'chat server (accept loop)', parent: 0 },
  { e: 'spawn', t: 9, task: 3, name: 'connection from page 1 (in this browser)', parent: 1 },
  { e: 'wake', t: 10, task: 3, wake: 7, by: 1, effect: 'scheduled', cause: { kind: 'local', text: 'in-browser connection 2 data of 31 bytes' } },
  { e: 'poll', t: 11, task: 3, wake: 7 },
  'not an event',
];

test('host tasks and wakes are numbered apart, named, and moved onto the page clock', () => {
  const mapped = fromHost(hostEvents, -4, 'in-browser server: ');
  assert.deepEqual(mapped[0], { e: 'spawn', t: 1, task: HOST_TASKS + 1, name: 'in-browser server: chat server (accept loop)', parent: 0 });
  assert.equal(mapped[1].parent, HOST_TASKS + 1);
  assert.deepEqual([mapped[2].task, mapped[2].wake, mapped[2].by, mapped[2].t], [HOST_TASKS + 3, 1_000_000_007, HOST_TASKS + 1, 6]);
  assert.equal(mapped[3].wake, 1_000_000_007);
  assert.equal(mapped[4], 'not an event');  // left for the store to count
  assert.equal(fromHost([{ e: 'poll', t: 1, task: 1 }], -10, '')[0].t, 0, 'before the page began: at its start');
  assert.deepEqual(fromHost('nope', 0, ''), []);
  assert.equal(shownId(HOST_TASKS + 3), 'h3');
  assert.equal(shownId(42), '42');
});

test('merged in time order, and the store links the host wake to the host poll', () => {
  const page = [{ e: 'spawn', t: 2, task: 1, name: 'connect', parent: 0 }, { e: 'poll', t: 8, task: 1, wake: 0 }];
  const merged = mergeByTime(page, fromHost(hostEvents.slice(0, 4), 0, 'h: '));
  assert.deepEqual(merged.map((e) => e.t), [2, 5, 8, 9, 10, 11]);
  const store = new EventStore();
  store.add(merged);
  assert.equal(store.malformed, 0);
  const state = store.stateAt();
  assert.equal(state.tasks.get(HOST_TASKS + 3).name, 'h: connection from page 1 (in this browser)');
  const wake = store.wakes.at(0);
  assert.equal(wake.task, HOST_TASKS + 3);
  assert.equal(wake.span?.task, HOST_TASKS + 3, 'the wake leads to the host task\'s poll');
});

test('a second host numbers its tasks apart; the first one\'s live tasks end; a backlog is bounded', async () => {
  const { hostGone, keepWaiting } = await import('../../web/src/view/host_events.js');
  const second = fromHost([{ e: 'spawn', t: 1, task: 1, name: 'accept', parent: 0 }], 0, 'host: ', 2);
  assert.equal(second[0].task, 2 * HOST_TASKS + 1);
  assert.equal(shownId(second[0].task), 'h2.1');
  const store = new EventStore();
  store.add(fromHost(hostEvents.slice(0, 2), 0, 'host: ', 1));
  store.add([{ e: 'spawn', t: 20, task: 7, name: 'page task', parent: 0 }]);
  const cancels = hostGone(store.stateAt(), 1, 30);
  assert.deepEqual(cancels.map((e) => e.task).sort(), [HOST_TASKS + 1, HOST_TASKS + 3]);
  store.add(cancels);
  assert.equal(store.stateAt().tasks.get(HOST_TASKS + 3).state, 'cancelled');
  assert.equal(store.stateAt().tasks.get(7).state, 'scheduled', 'the page\'s own tasks are not touched');
  let waiting = [];
  for (let i = 0; i < 5; i++) waiting = keepWaiting(waiting, [{ e: 'poll', t: i, task: 1 }, { e: 'poll', t: i, task: 2 }], 6);
  assert.equal(waiting.length, 6);
  assert.deepEqual(waiting[0], { e: 'lost', count: 5 });
  store.add(waiting);
  assert.equal(store.lost, 5);
});
