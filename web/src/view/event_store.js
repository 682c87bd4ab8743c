// The recorded events, bounded: the last `capacity` (50,000) are kept, older
// ones are folded into a base snapshot, so "the state as of time T" stays
// exact for any T the store still covers. Also derived as events arrive:
// the poll spans (start, end, Pending/Ready) and the wakes, each wake linked
// to the poll it led to, for the timeline.
import { checkEvent } from './event_schema.js';
import { applyEvent, cloneState, newState } from './task_state.js';

export const CAPACITY = 50000;

// A list with a moving head: dropping the oldest is O(1), compaction is
// amortised.
class Window {
  constructor() { this.items = []; this.head = 0; }
  get length() { return this.items.length - this.head; }
  at(i) { return this.items[this.head + i]; }
  push(item) { this.items.push(item); }
  first() { return this.items[this.head]; }
  last() { return this.items[this.items.length - 1]; }
  shift() {
    const item = this.items[this.head++];
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  *[Symbol.iterator]() { for (let i = this.head; i < this.items.length; i++) yield this.items[i]; }
  clear() { this.items = []; this.head = 0; }
}

export class EventStore {
  constructor({ capacity = CAPACITY } = {}) {
    this.capacity = capacity;
    this.clear();
  }

  clear() {
    this.events = new Window();
    this.spans = new Window();     // {task, start, end, result, wake, cause, seq}
    this.wakes = new Window();     // {t, task, wake, effect, by, cause, span, seq}
    this.wakeById = new Map();
    this.open = new Map();         // task id -> its running span
    this.repolls = new Map();      // task id -> a repoll wake waiting for its poll
    this.base = newState();        // the state before the first kept event
    this.live = newState();        // the state after the last one
    this.nextSeq = 0;
    this.lastT = 0;
    this.dropped = 0;              // events dropped here (over capacity)
    this.malformed = 0;            // objects that were not events
    this.unknown = 0;              // events of kinds this page does not know
    this.version = (this.version ?? 0) + 1;  // changes whenever anything shown may change (clear too)
    this.replay = null;            // the cached "as of T" fold
  }

  get size() { return this.events.length; }
  get startTime() { return this.events.length ? this.events.first().t : this.lastT; }
  get endTime() { return this.lastT; }
  get lost() { return this.live.lost; }

  // raw: what asyncplay_take_events() returned, parsed. Anything else is
  // counted as malformed, never thrown.
  add(raw) {
    if (!Array.isArray(raw)) {
      this.malformed += 1;
      return 0;
    }
    let accepted = 0;
    for (const item of raw) {
      const checked = checkEvent(item);
      if (checked.malformed) this.malformed += 1;
      if (checked.unknown) this.unknown += 1;
      if (!checked.event) continue;
      const ev = checked.event;
      // Times never go back: a late stamp is shown at the last known time,
      // which keeps every list sorted for the replay and the timeline.
      if (ev.t < this.lastT) ev.t = this.lastT;
      this.lastT = ev.t;
      ev.seq = this.nextSeq++;
      this.events.push(ev);
      applyEvent(this.live, ev);
      this.derive(ev);
      accepted += 1;
    }
    if (this.events.length > this.capacity) this.dropOldest(this.events.length - this.capacity);
    if (accepted || raw.length) this.version += 1;
    return accepted;
  }

  derive(ev) {
    if (ev.e === 'poll') {
      const span = { task: ev.task, start: ev.t, end: null, result: null, wake: ev.wake, cause: null, seq: ev.seq };
      const cause = ev.wake ? this.wakeById.get(ev.wake) : this.repolls.get(ev.task);
      this.repolls.delete(ev.task);
      if (cause && cause.task === ev.task && !cause.span) {
        cause.span = span;
        span.cause = cause;
      }
      this.spans.push(span);
      this.open.set(ev.task, span);
    } else if (ev.e === 'pending' || ev.e === 'ready') {
      let span = this.open.get(ev.task);
      if (!span) {  // its poll event was dropped or never came: the duration says where it began
        span = { task: ev.task, start: Math.max(0, ev.t - ev.busy), end: null, result: null, wake: 0, cause: null, seq: ev.seq };
        this.spans.push(span);
      }
      span.end = ev.t;
      span.result = ev.e;
      this.open.delete(ev.task);
    } else if (ev.e === 'wake') {
      const wake = { t: ev.t, task: ev.task, wake: ev.wake, effect: ev.effect, by: ev.by, cause: ev.cause, span: null, seq: ev.seq };
      this.wakes.push(wake);
      this.wakeById.set(ev.wake, wake);
      if (ev.effect === 'repoll') this.repolls.set(ev.task, wake);
    } else if (ev.e === 'cancel' || (ev.e === 'spawn' && this.open.has(ev.task))) {
      this.open.delete(ev.task);
    }
  }

  dropOldest(n) {
    for (let i = 0; i < n; i++) applyEvent(this.base, this.events.shift());
    this.dropped += n;
    const firstSeq = this.events.first().seq;
    while (this.spans.length && this.spans.first().seq < firstSeq) this.spans.shift();
    while (this.wakes.length && this.wakes.first().seq < firstSeq) {
      const wake = this.wakes.shift();
      if (this.wakeById.get(wake.wake) === wake) this.wakeById.delete(wake.wake);
    }
    this.replay = null;
  }

  // The tasks as they were once every event stamped <= t had happened:
  // {tasks: Map id -> task (task_state.js), lost, time}. Do not change it.
  stateAt(t = Infinity) {
    if (t >= this.lastT) return this.live;
    let r = this.replay;
    if (!r || t < r.t) {
      r = this.replay = { t: -Infinity, seq: this.events.length ? this.events.first().seq : this.nextSeq, state: cloneState(this.base) };
    }
    const offset = this.events.length ? this.events.first().seq : this.nextSeq;
    for (let i = r.seq - offset; i < this.events.length; i++) {
      const ev = this.events.at(i);
      if (ev.t > t) break;
      applyEvent(r.state, ev);
      r.seq = ev.seq + 1;
    }
    r.t = t;
    return r.state;
  }
}
