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
// Then: 6 the accept loop's task per connection (the book's chat server runs
// in the in-browser host: its accept loop and the task it spawns for this
// page's connection, beside the client's);  7 thread per connection against async,
// in the project's own figures;  8 several gets at once on one thread
// (spawn_local), overlapping in the timeline;  9 race: the loser is dropped,
// and cancellation is destruction;  10 a slow subscriber: this tab joins a
// group and stops reading (paused), a second tab (the aside 10b, opened from
// step 10's link) posts a burst, and on Play this member is told what the
// server no longer kept for it;  11 what goes wrong: a future that forgets
// its waker, a poll that blocks the thread. (The ids are the chapter's step
// numbers in issue #13.) A step with no actions is read, not done.

// Step 10's burst: more than this tab's window (256 KiB, about 3,600 of
// these lines), the host's batch (64 KiB) and the group's ring (1,000) hold.
const BURST = 8000;

// http: the page's HTTP endpoint ("HOST:PORT", from config.json), or ''.
export function tourSteps(http) {
  const [host, port] = http ? splitHostPort(http) : ['127.0.0.1', '7879'];
  const get = `get ${host} ${port} /`;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const many = `get ${base}/a ${base}/b ${base}/c`;
  const race = `run race(sleep(100ms), spawn(get(${base}/slow)))`;
  const lost = 'run race(spawn(lost_waker()), sleep(2s))';
  const blocked = 'run block(500ms)';
  const join = 'join tour';
  return [
    { id: 1, actions: [{ kind: 'pause' }, { kind: 'run', line: get }], pane: 'tasks', params: { get } },
    { id: 2, actions: [{ kind: 'step' }], pane: 'source', params: {} },
    { id: 3, actions: [{ kind: 'step' }], pane: 'tasks', params: {} },
    { id: 4, actions: [{ kind: 'wake-then-step', task: 'get' }], pane: 'timeline', params: {} },
    { id: 5, actions: [{ kind: 'play' }], pane: 'tasks', params: {} },
    { id: 6, actions: [{ kind: 'play' }, { kind: 'run', line: 'connect local:7878' }], pane: 'tasks', params: {} },
    { id: 7, actions: [], pane: 'tasks', params: {} },
    { id: 8, actions: [{ kind: 'play' }, { kind: 'run', line: many }], pane: 'timeline', params: { many } },
    { id: 9, actions: [{ kind: 'play' }, { kind: 'run', line: race }], pane: 'tasks', params: { race } },
    // Paused once the join is written (the writer parked again after it), so
    // the server has this member before the burst comes.
    { id: 10, actions: [{ kind: 'play' }, { kind: 'run', line: 'connect local:7878' }, { kind: 'run', line: join },
                        { kind: 'pause-when-written', task: 'chat writer', commands: 2 }],
      pane: 'tasks', params: { join, n: String(BURST) }, aside: '10b' },
    { id: 11, actions: [{ kind: 'play' }, { kind: 'run', line: lost }, { kind: 'run', line: blocked }], pane: 'tasks',
      params: { lost, blocked } },
  ];
}

// Steps done in another tab, outside the sequence: opened by a link of the
// step they belong to (`of`), as #tour=ID.
// message: what the burst posts, in the page's language (tour10bMessage).
export function tourAsides(message = 'from the second tab') {
  const burst = `repeat ${BURST} post tour ${message}`;
  return [
    { id: '10b', of: 10, actions: [{ kind: 'play' }, { kind: 'run', line: 'connect local:7878' }, { kind: 'run', line: burst }],
      pane: 'tasks', params: { burst, n: String(BURST) } },
  ];
}

// "[::1]:7879" -> ["::1", "7879"]: get takes a bare IPv6 address.
function splitHostPort(http) {
  const [bracketed, port] = http.split(/:(?=[0-9]+$)/);
  return [bracketed.replace(/^\[(.*)\]$/, '$1'), port];
}
