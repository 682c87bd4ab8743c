// Where everything of the timeline goes, in CSS pixels: lanes (the "events"
// lane on top, then one per task), a mark per poll, the parked stretches
// between polls, the wake arrows and the time axis. DOM-free, so the unit
// tests check the geometry and the canvas (timeline_canvas.js) only paints.

import { shownId } from './host_events.js';

export const GEOMETRY = { axis: 18, lane: 24, label: 132, minMark: 3 };

// A tick every 1, 2 or 5 × 10^k ms, at least `minPx` apart.
export function tickStep(spanMs, pixels, minPx = 80) {
  const raw = (spanMs * minPx) / Math.max(pixels, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

const alive = (task) => task.state !== 'done' && task.state !== 'cancelled';

// store: EventStore; end: the time at the right edge; span: ms across the
// plot; width: CSS px; cut: the moment shown (default: end), after which
// nothing is drawn; state: store.stateAt(cut).
export function layoutTimeline(store, state, { end, span, width, cut = end, followed = 0, geometry = GEOMETRY }) {
  const { axis, lane: laneH, label, minMark } = geometry;
  cut = Math.min(cut, end);
  const t0 = end - span;
  const plot = Math.max(width - label, 1);
  const xOf = (t) => label + ((t - t0) / span) * plot;
  const visible = (a, b) => b >= t0 && a <= end;

  // Which tasks get a lane: any with something drawn in the window, any alive
  // at `end`, and the followed one.
  const ids = new Set();
  for (const s of store.spans) if (s.start <= cut && visible(s.start, s.end ?? cut)) ids.add(s.task);
  for (const w of store.wakes) if (w.t <= cut && visible(w.t, w.t)) ids.add(w.task);
  for (const task of state.tasks.values()) if (alive(task) || task.id === followed) ids.add(task.id);
  const order = [...ids].filter((id) => state.tasks.has(id)).sort((a, b) => a - b);
  const lanes = [{ key: 'events', id: 0, label: '', y: axis, height: laneH, followed: false }];
  const laneOf = new Map();
  for (const id of order) {
    const task = state.tasks.get(id);
    const entry = { key: `task-${id}`, id, label: `${shownId(id)} ${task.name}`.trim(), y: axis + laneH * lanes.length, height: laneH, followed: id === followed };
    laneOf.set(id, entry);
    lanes.push(entry);
  }
  const mid = (l) => l.y + l.height / 2;

  const marks = [];
  const parked = [];
  const lastOf = new Map();  // task -> its latest span starting <= end
  for (const s of store.spans) {
    if (s.start > cut) break;
    const lane = laneOf.get(s.task);
    const previous = lastOf.get(s.task);
    if (lane && previous && previous.result === 'pending' && visible(previous.end, s.start)) {
      parked.push({ task: s.task, x0: Math.max(xOf(previous.end), label), x1: xOf(s.start), y: mid(lane) });
    }
    lastOf.set(s.task, s);
    const open = s.end === null || s.end > cut;
    const stop = open ? cut : s.end;
    if (!lane || !visible(s.start, stop)) continue;
    const kind = open ? 'running' : s.result;
    const x = xOf(s.start);
    marks.push({ task: s.task, kind, start: s.start, end: stop, x, w: Math.max(minMark, xOf(stop) - x), y: lane.y + 4, h: lane.height - 8 });
  }
  for (const [task, s] of lastOf) {
    const lane = laneOf.get(task);
    const now = state.tasks.get(task);
    if (lane && s.result === 'pending' && s.end <= cut && now && alive(now) && visible(s.end, cut)) {
      parked.push({ task, x0: Math.max(xOf(s.end), label), x1: xOf(cut), y: mid(lane) });
    }
  }

  // Arrows: from the wake's cause (a task's lane, or the events lane) at the
  // wake's time to the start of the poll it led to.
  const arrows = [];
  const dots = [];
  for (const w of store.wakes) {
    if (w.t > cut) break;
    const target = laneOf.get(w.task);
    if (!target) continue;
    const from = (w.cause.kind === 'task' || w.cause.kind === 'yield') && laneOf.get(w.by) ? laneOf.get(w.by) : lanes[0];
    const led = w.span && w.span.start <= cut ? w.span : null;
    if (!led) {
      if (visible(w.t, w.t)) dots.push({ task: w.task, x: xOf(w.t), y: mid(target), effect: w.effect, text: w.cause.text });
      continue;
    }
    if (!visible(w.t, led.start)) continue;
    arrows.push({
      task: w.task, wake: w.wake, kind: w.cause.kind, text: w.cause.text, fromEvents: from === lanes[0],
      x0: xOf(w.t), y0: mid(from), x1: xOf(led.start), y1: mid(target),
    });
  }

  const step = tickStep(span, plot);
  const ticks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= end; t += step) ticks.push({ t, x: xOf(t) });

  return {
    t0, t1: end, cut, cursor: cut < end ? xOf(cut) : null, span, width, height: axis + laneH * lanes.length, lanes, marks, parked, arrows, dots, ticks, step,
    counts: {
      pending: marks.filter((m) => m.kind === 'pending').length,
      ready: marks.filter((m) => m.kind === 'ready').length,
      running: marks.filter((m) => m.kind === 'running').length,
      arrows: arrows.length,
      lanes: lanes.length - 1,
    },
  };
}

// The task whose lane is at y (CSS px), or 0.
export function laneAt(layout, y) {
  const hit = layout.lanes.find((l) => y >= l.y && y < l.y + l.height);
  return hit ? hit.id : 0;
}
