// The tour of chapter 20's model, step by step: what each step does to the
// real runtime (pause, step, play, run a command) and which pane shows it.
// The words are in the catalogues (web/src/lang/: tour<N>Title, tour<N>Text,
// tour<N>Do, tour<N>Watch); this file holds only what the steps do.
//
// The first five follow one `get` (cheapo_request under block_on) through the
// live view, paused, one poll at a time:
//   1 the future is created and nothing runs;  2 the first poll runs it to
//   connect and returns Pending;  3 Pending keeps the frame and nothing polls
//   the task;  4 a wake (the WebSocket's open event) leads to the next poll,
//   which resumes at that very co_await;  5 block_on drives it to Ready.
// Then: 8 several gets at once on one thread (spawn_local), overlapping in
// the timeline;  9 race: the loser is dropped, and cancellation is destruction.
// (The ids are the chapter's step numbers in issue #13; 6, 7, 10 and 11 come.)

// http: the page's HTTP endpoint ("HOST:PORT", from config.json), or ''.
export function tourSteps(http) {
  const [host, port] = http ? splitHostPort(http) : ['127.0.0.1', '7879'];
  const get = `get ${host} ${port} /`;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const many = `get ${base}/a ${base}/b ${base}/c`;
  const race = `run race(sleep(100ms), spawn(get(${base}/slow)))`;
  return [
    { id: 1, actions: [{ kind: 'pause' }, { kind: 'run', line: get }], pane: 'tasks', params: { get } },
    { id: 2, actions: [{ kind: 'step' }], pane: 'source', params: {} },
    { id: 3, actions: [{ kind: 'step' }], pane: 'tasks', params: {} },
    { id: 4, actions: [{ kind: 'wake-then-step', task: 'get' }], pane: 'timeline', params: {} },
    { id: 5, actions: [{ kind: 'play' }], pane: 'tasks', params: {} },
    { id: 8, actions: [{ kind: 'play' }, { kind: 'run', line: many }], pane: 'timeline', params: { many } },
    { id: 9, actions: [{ kind: 'play' }, { kind: 'run', line: race }], pane: 'tasks', params: { race } },
  ];
}

// "[::1]:7879" -> ["::1", "7879"]: get takes a bare IPv6 address.
function splitHostPort(http) {
  const [bracketed, port] = http.split(/:(?=[0-9]+$)/);
  return [bracketed.replace(/^\[(.*)\]$/, '$1'), port];
}
