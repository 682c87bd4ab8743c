// The tasks table's rows, as data: tokio-console's columns from a state of
// the store (task_state.js). The DOM table (tasks_table.js) only shows them,
// and the browser tests read the same rows through view.tableRows().
import { shownId } from './host_events.js';
import { learnerFrame } from './await_chain.js';
import { count, say } from './strings.js';
import { basename, formatMs } from './units.js';

// Live tasks are all shown; of the finished ones, the latest few.
export const FINISHED_SHOWN = 30;

// "cheapo_request cheapo_request.cpp:26": the co_await of the chain a
// learner reads (await_chain.js), the runtime's frames under it left to the
// source pane's chain (and this cell's tooltip).
export function parkedAt(at, table) {
  const index = learnerFrame(at);
  if (index < 0) return null;
  const entry = at[index];
  const where = `${basename(entry.file)}:${entry.line}`;
  const chain = at.map((e) => `${e.fn ? `${e.fn} ` : ''}${e.file}:${e.line}${e.lib ? ` (${say('runtimeMark', {}, table)})` : ''}`).join(' → ');
  return { fn: entry.fn, file: entry.file, line: entry.line, text: entry.fn ? `${entry.fn} ${where}` : where, chain };
}

const finished = (task) => task.state === 'done' || task.state === 'cancelled';

// inWords: the runtime's English pieces in the page's language (phrases.js).
export function taskRow(task, followed, table, inWords = (text) => text) {
  const parked = task.state === 'pending' || task.state === 'scheduled' ? parkedAt(task.at, table) : null;
  const lints = task.lints.map((l) => ({
    lint: l.lint, count: l.count, text: inWords(l.text),
    label: say('lintMark', { lint: say(`lint-${l.lint}`, {}, table) }, table),
  }));
  return {
    id: task.id,
    shownId: shownId(task.id),
    name: task.name || say('unnamed', {}, table),
    state: task.state,
    stateText: say(`state-${task.state}`, {}, table) + (task.failed ? ` (${say('failed', {}, table)})` : ''),
    polls: task.polls,
    wakes: task.wakes,
    busyMs: task.busy,
    busy: formatMs(task.busy, table),
    parkedAt: parked ? parked.text : '',
    parked,
    waits: parked ? task.waits.map(inWords).join(', ') : '',
    lastWake: task.lastWake ? inWords(task.lastWake.text) : '',
    lints,
    followed: task.id === followed,
  };
}

// rows(state, followed): {rows, hidden} with rows in id order; `hidden` says
// how many finished tasks were left out (the followed one never is).
export function taskRows(state, followed = 0, { finishedShown = FINISHED_SHOWN, table, inWords } = {}) {
  const tasks = [...state.tasks.values()].sort((a, b) => a.id - b.id);
  const done = tasks.filter(finished);
  const keep = new Set(done.slice(Math.max(0, done.length - finishedShown)));
  const shown = tasks.filter((t) => !finished(t) || keep.has(t) || t.id === followed);
  return { rows: shown.map((t) => taskRow(t, followed, table, inWords)), hidden: tasks.length - shown.length };
}

export function hiddenText(hidden, table) {
  return hidden ? count('tasksHidden', hidden, {}, table) : '';
}
