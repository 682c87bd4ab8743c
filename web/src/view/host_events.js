// The in-browser host's tasks in this page's live view (docs/LOCAL_HOST.md):
// the host's events (docs/TRACE_EVENTS.md, from its own executor) placed on
// this page's clock and numbered apart from the page's own tasks, so they
// form a group of lanes of their own under the page's, each named
// "host: …" with ids h1, h2, ….

export const HOST_TASKS = 1_000_000;       // a host task's id in the view: its own + this
export const HOST_WAKES = 1_000_000_000;   // likewise a host wake's id

// How a task's id is shown: the host's as h1, h2, … (its own numbers).
export const shownId = (id) => (id > HOST_TASKS ? `h${id - HOST_TASKS}` : String(id));

// events: the host's events, parsed; shift: ms to add to a host time to get
// this page's (host zero − page zero); prefix: before each task's name.
// Anything that is not an object passes through for the store to count.
export function fromHost(events, shift, prefix) {
  if (!Array.isArray(events)) return [];
  const id = (v, base) => (Number.isInteger(v) && v > 0 ? v + base : v);
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
