// Every word the live view shows, in one table keyed by id, so a translation
// (say Spanish) is one more table and the drawing code never changes.
// {name} is replaced by params.name; ids ending in _one / _other are chosen by
// count() for a number.

export const strings = {
  viewLabel: 'Live view of the runtime: tasks, timeline, source',
  noEventStream: 'This runtime build has no event stream: the view stays empty.',
  notLoaded: 'The runtime is not loaded yet.',
  stopped: 'The runtime stopped.',
  paneTasks: 'Tasks',
  paneTimeline: 'Timeline',
  paneSource: 'Source',
  tabsLabel: 'Panes of the live view',
  controlsLabel: 'Execution controls',

  pause: 'Pause',
  play: 'Play',
  step: 'Step',
  stepHint: 'Poll exactly one ready task',
  delayLabel: 'delay',
  delayHint: 'Delay between polls, so a person can follow',
  delayMs: '{ms} ms',
  delayNone: 'none',
  clear: 'Clear',
  clearHint: 'Forget the recorded events',
  download: 'Download trace',
  downloadHint: 'The recorded events in the Chrome trace format, for Perfetto or chrome://tracing',
  statePaused: 'paused',
  statePlaying: 'running',
  stateDelay: 'running, {ms} ms between polls',
  ready_one: '{n} task ready to poll',
  ready_other: '{n} tasks ready to poll',
  stepNothing: 'no task was ready to poll',

  colId: 'id',
  colName: 'name',
  colState: 'state',
  colPolls: 'polls',
  colWakes: 'wakes',
  colBusy: 'busy',
  colParked: 'parked at',
  colWaits: 'waits for',
  colLastWake: 'last wake',
  tasksCaption: 'Tasks, as tokio-console lists them. Enter or click on a row follows that task.',
  tasksEmpty: 'No task yet: type a command such as get 127.0.0.1 7879 /',
  tasksHidden_one: '{n} finished task not shown',
  tasksHidden_other: '{n} finished tasks not shown',
  followedMark: '(followed)',
  unnamed: '(unnamed)',
  lintMark: '⚠ {lint}',
  'lint-lost-waker': 'lost waker: this task can never be woken',
  'lint-long-poll': 'long poll: it blocked every other task',
  'lint-self-wake': 'self wake: it woke itself inside its own poll',
  failed: 'failed',

  'state-scheduled': 'scheduled',
  'state-running': 'running',
  'state-pending': 'pending',
  'state-done': 'done',
  'state-cancelled': 'cancelled',

  eventsLane: 'events',
  live: 'Live',
  liveHint: 'Follow the present again',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomFit: 'Fit',
  zoomFitHint: 'Show everything recorded',
  scrubLabel: 'Time shown',
  asOfLive: 'live',
  asOf: 'as of {t}',
  legendPending: '▮‖ poll that returned Pending',
  legendReady: '▮◆ poll that returned Ready',
  legendWake: '→ wake, from its cause to the poll it led to',
  timelineSummary: 'Timeline {asOf}: {lanes} lanes, {pending} Pending polls, {ready} Ready polls, {arrows} wakes drawn, {span} across.',
  dropped: '{n} oldest events dropped (the view keeps the last {max})',
  lost: '{n} events lost by the runtime (the page took none for too long)',
  malformed: '{n} malformed events skipped',

  sourceNone: 'Follow a task (click a row of the table) to see where it is parked.',
  sourceNotEmbedded: 'None of the await chain is embedded in this page ({file}).',
  sourceChain: 'Await chain, outermost first',
  runtimeMark: 'runtime',
  runtimeHint: 'in the runtime\'s own layers (runtime/, io/, net/, trace/), under the code that awaits it',
  frameBytes: 'these {n} bytes hold the locals while Pending',
  parkedHere: 'parked here: co_await at line {line}',
  resumesHere: 'resumes here: line {line}',
  lastResumed: 'task {id} is {state}; it last resumed from line {line}',
  sourceFinished: 'task {id} is {state}: no co_await to show',
  sourceLines: 'Source of {file}',

  ms: '{v} ms',
  s: '{v} s',
  us: '{v} µs',
};

export function say(id, params = {}, table = strings) {
  const text = table[id] ?? strings[id] ?? id;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

export function count(id, n, params = {}, table = strings) {
  return say(`${id}_${n === 1 ? 'one' : 'other'}`, { ...params, n }, table);
}
