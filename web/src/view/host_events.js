// The in-browser host's tasks in this page's live view (docs/LOCAL_HOST.md):
// the host's events (docs/TRACE_EVENTS.md, from its own executor) placed on
// this page's clock and numbered apart from the page's own tasks, so they
// form a group of lanes of their own under the page's, each named
// "host: …" with ids h1, h2, ….

export const HOST_TASKS = 1_000_000;       // a host task's id in the view: its own + this × the host's number
export const HOST_WAKES = 1_000_000_000;   // likewise a host wake's id
export const MAX_WAITING = 20000;          // host events kept for the next frame (a hidden tab paints none)

// How a task's id is shown: the first host's as h1, h2, …; after the host
// moved to another tab (fallback mode), the second host's as h2.1, h2.2, …
export function shownId(id) {
  const host = Math.floor(id / HOST_TASKS);
  const own = id % HOST_TASKS;
  return host === 0 ? String(id) : host === 1 ? `h${own}` : `h${host}.${own}`;
}

// events: the host's events, parsed; shift: ms to add to a host time to get
// this page's (host zero − page zero); prefix: before each task's name;
// host: which host this page has seen it is (1, 2, …).
// Anything that is not an object passes through for the store to count.
export function fromHost(events, shift, prefix, host = 1) {
  if (!Array.isArray(events)) return [];
  const id = (v, base) => (Number.isInteger(v) && v > 0 ? v + base * host : v);
  return events.map((e) => {
    if (!e || typeof e !== 'object') return e;
    const out = { ...e, task: id(e.task, HOST_TASKS) };
    if (typeof e.t === 'number') out.t = Math.max(0, e.t + shift);
    if (e.parent !== undefined) out.parent = id(e.parent, HOST_TASKS);
    if (e.by !== undefined) out.by = id(e.by, HOST_TASKS);
    if (e.wake !== undefined) out.wake = id(e.wake, HOST_WAKES);
    if (e.e === 'spawn') out.name = `${prefix}${typeof e.name === 'string' ? e.name : ''}`;
    return out;
  });
}

// The events waiting for the next frame, with `more` added: past `max` the
// oldest go, and a `lost` event says how many (the store counts it).
export function keepWaiting(waiting, more, max = MAX_WAITING) {
  let previous = 0;
  let kept = waiting;
  if (kept.length && kept[0] && kept[0].e === 'lost') {
    previous = kept[0].count;
    kept = kept.slice(1);
  }
  const all = kept.concat(more);
  if (all.length + (previous ? 1 : 0) <= max) return previous ? [{ e: 'lost', count: previous }, ...all] : all;
  const lost = all.length - (max - 1);
  return [{ e: 'lost', count: previous + lost }, ...all.slice(lost)];
}

// A host that is gone (the tab that ran it closed): its tasks that were still
// alive are shown cancelled at time t.
export function hostGone(state, host, t) {
  const out = [];
  for (const task of state.tasks.values()) {
    const alive = task.state !== 'done' && task.state !== 'cancelled';
    if (alive && Math.floor(task.id / HOST_TASKS) === host) out.push({ e: 'cancel', t, task: task.id });
  }
  return out;
}

// Two lists of events each in time order, as one in time order (the page's
// first at equal times).
export function mergeByTime(a, b) {
  if (!b.length) return a;
  if (!a.length) return b;
  const out = [];
  let i = 0;
  let j = 0;
  const t = (e) => (e && typeof e.t === 'number' ? e.t : -Infinity);
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && t(a[i]) <= t(b[j]))) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
