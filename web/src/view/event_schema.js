// Checks one event of asyncplay_take_events() against docs/TRACE_EVENTS.md
// and returns a clean copy holding only the fields the view reads, with their
// types certain, or null. The view trusts nothing else: one bad object from a
// runtime build that disagrees must cost a counted skip, never an exception
// inside the animation frame.

export const KINDS = new Set(['spawn', 'poll', 'pending', 'ready', 'wake', 'cancel', 'waker', 'lint', 'lost']);
const CAUSES = new Set(['websocket', 'local', 'fd', 'timer', 'task', 'thread', 'yield', 'unknown']);
const EFFECTS = new Set(['scheduled', 'repoll', 'none']);

const isId = (v) => Number.isInteger(v) && v > 0;
const isCount = (v) => Number.isInteger(v) && v >= 0;
const isTime = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const str = (v) => (typeof v === 'string' ? v : '');

// The runtime's own layers (docs/TRACE_EVENTS.md, `lib`): what a learner
// reads first is the code that calls into them, such as http/cheapo_request.cpp.
const RUNTIME_LAYERS = ['runtime/', 'io/', 'net/', 'trace/'];
export const inRuntimeLayers = (file) => RUNTIME_LAYERS.some((layer) => file.startsWith(layer));

// A source location {file, line, fn, frame, lib}, or null. A runtime build
// from before `lib` gets it from the file's layer.
export function location(v) {
  if (!v || typeof v !== 'object' || typeof v.file !== 'string' || !isCount(v.line)) return null;
  return { file: v.file, line: v.line, fn: str(v.fn), frame: isCount(v.frame) ? v.frame : 0,
           lib: typeof v.lib === 'boolean' ? v.lib : inRuntimeLayers(v.file) };
}

// Returns {event} for a good event, {unknown: true} for a well-formed event
// of a kind this page does not know (a newer runtime), or {malformed: true}.
export function checkEvent(raw) {
  // `lost` says how many events are missing; it is kept even without a time
  // (the store shows it at the last known one).
  if (raw && typeof raw === 'object' && raw.e === 'lost' && raw.t === undefined) raw = { ...raw, t: 0 };
  if (!raw || typeof raw !== 'object' || typeof raw.e !== 'string' || !isTime(raw.t)) return { malformed: true };
  if (!KINDS.has(raw.e)) return { unknown: true };
  const { e, t } = raw;
  if (e === 'lost') return isCount(raw.count) ? { event: { e, t, count: raw.count } } : { malformed: true };
  if (!isId(raw.task)) return { malformed: true };
  const task = raw.task;
  switch (e) {
    case 'spawn':
      return { event: { e, t, task, name: str(raw.name), parent: isCount(raw.parent) ? raw.parent : 0, site: location(raw.site) } };
    case 'poll':
      return isCount(raw.wake ?? 0) ? { event: { e, t, task, wake: raw.wake ?? 0 } } : { malformed: true };
    case 'pending': {
      if (raw.at !== undefined && !Array.isArray(raw.at)) return { malformed: true };
      if (raw.waits !== undefined && !Array.isArray(raw.waits)) return { malformed: true };
      const at = (raw.at ?? []).map(location);
      if (at.includes(null)) return { malformed: true };
      const waits = (raw.waits ?? []).filter((w) => typeof w === 'string');
      return { event: { e, t, task, busy: isTime(raw.busy) ? raw.busy : 0, at, waits } };
    }
    case 'ready':
      return { event: { e, t, task, busy: isTime(raw.busy) ? raw.busy : 0, failed: raw.failed === true } };
    case 'wake': {
      const cause = raw.cause && typeof raw.cause === 'object' ? raw.cause : {};
      const effect = raw.effect ?? 'scheduled';
      if (!isId(raw.wake) || !EFFECTS.has(effect)) return { malformed: true };
      return { event: { e, t, task, wake: raw.wake, effect, by: isCount(raw.by) ? raw.by : 0,
                        cause: { kind: CAUSES.has(cause.kind) ? cause.kind : 'unknown', text: str(cause.text) } } };
    }
    case 'cancel':
      return { event: { e, t, task } };
    case 'waker':
      if (raw.op !== 'clone' && raw.op !== 'drop') return { malformed: true };
      return { event: { e, t, task, op: raw.op, held: isCount(raw.held) ? raw.held : 0 } };
    case 'lint':
      if (typeof raw.lint !== 'string' || raw.lint === '') return { malformed: true };
      return { event: { e, t, task, lint: raw.lint, text: str(raw.text) } };
    default:
      return { unknown: true };
  }
}
