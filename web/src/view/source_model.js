// Which source to show for a task: the file and line of a co_await of its
// await chain, and the chain itself as entries to pick from. DOM-free: the
// source pane (source_pane.js) shows what this returns.
import { shownId } from './host_events.js';
import { learnerFrame } from './await_chain.js';
import { say } from './strings.js';
import { basename } from './units.js';

// The entry of the chain shown by default: the innermost embedded one outside
// the runtime's layers (await_chain.js), else the innermost embedded one, or -1.
export function pickFrame(at, sources) {
  return learnerFrame(at, (entry) => Object.hasOwn(sources, entry.file));
}

// task: from a store state; chosen: an index into its chain picked by the
// person, or null for the default. Returns null when there is no task, else
// {task, state, chain, index, file, line, frame, text, caption} where file is
// '' when nothing of the chain is embedded.
export function sourceFor(task, sources, chosen = null, table) {
  if (!task) return null;
  // A finished task shows the co_await it last resumed from.
  const over = task.state === 'done' || task.state === 'cancelled';
  const at = (over ? task.lastAt : task.at) || [];
  const chain = at.map((entry, i) => ({
    index: i, fn: entry.fn, file: entry.file, line: entry.line, frame: entry.frame, lib: entry.lib === true,
    embedded: Object.hasOwn(sources, entry.file),
    label: `${entry.fn ? `${entry.fn} ` : ''}${basename(entry.file)}:${entry.line}`,
  }));
  const base = { task: task.id, state: task.state, chain, index: -1, file: '', line: 0, frame: 0, text: '', caption: '' };
  if (!chain.length) return { ...base, caption: say('sourceFinished', { id: shownId(task.id), state: say(`state-${task.state}`, {}, table) }, table) };
  const index = chosen !== null && chain[chosen] && chain[chosen].embedded ? chosen : pickFrame(at, sources);
  if (index < 0) return { ...base, caption: say('sourceNotEmbedded', { file: chain[chain.length - 1].file }, table) };
  const entry = chain[index];
  const parked = task.state === 'pending' ? 'parkedHere' : over ? 'lastResumed' : 'resumesHere';
  return {
    ...base, index, file: entry.file, line: entry.line, frame: entry.frame, text: sources[entry.file],
    caption: say(parked, { line: entry.line, id: shownId(task.id), state: say(`state-${task.state}`, {}, table) }, table),
    frameText: entry.frame > 0 && !over ? say('frameBytes', { n: entry.frame }, table) : '',
  };
}

// Light colouring that costs a regular expression: comments, co_await /
// co_return / co_yield, string literals. Returns [{text, kind}] covering the
// line, kind '' | 'comment' | 'keyword' | 'string'.
const TOKENS = /(\/\/.*$)|("(?:[^"\\]|\\.)*")|\b(co_await|co_return|co_yield)\b/g;
export function tokens(line) {
  const out = [];
  let last = 0;
  for (const m of line.matchAll(TOKENS)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index), kind: '' });
    out.push({ text: m[0], kind: m[1] ? 'comment' : m[2] ? 'string' : 'keyword' });
    last = m.index + m[0].length;
  }
  if (last < line.length || !out.length) out.push({ text: line.slice(last), kind: '' });
  return out;
}
