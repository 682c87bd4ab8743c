// What the events say about each task at one moment: a fold over the event
// stream (docs/TRACE_EVENTS.md, "Task states"). The event store keeps one fold
// for the present and replays from a snapshot for "as of time T".
//
// Arrays held by a task (at, waits, lints) are never changed in place, only
// replaced, so a snapshot is a shallow copy of each task.

function newTask(id, t) {
  return {
    id, name: '', parent: 0, site: null, state: 'scheduled', polls: 0, wakes: 0, busy: 0,
    at: [], lastAt: [], waits: [], lastWake: null, lints: [], wakers: null, failed: false,
    firstSeen: t, lastPoll: null, repoll: false,
  };
}

export function newState() {
  return { tasks: new Map(), lost: 0, time: 0 };
}

export function cloneState(state) {
  const tasks = new Map();
  for (const [id, task] of state.tasks) tasks.set(id, { ...task });
  return { tasks, lost: state.lost, time: state.time };
}

// A task we first hear of from something other than its spawn (its spawn was
// dropped, or happened before the stream started) still gets a row.
function taskOf(state, id, t) {
  let task = state.tasks.get(id);
  if (!task) {
    task = newTask(id, t);
    state.tasks.set(id, task);
  }
  return task;
}

// ev: a checked event (event_schema.js).
export function applyEvent(state, ev) {
  state.time = Math.max(state.time, ev.t);
  if (ev.e === 'lost') {
    state.lost += ev.count;
    return;
  }
  const task = taskOf(state, ev.task, ev.t);
  switch (ev.e) {
    case 'spawn':
      task.name = ev.name;
      task.parent = ev.parent;
      task.site = ev.site;
      task.state = 'scheduled';
      break;
    case 'poll':
      task.state = 'running';
      task.polls += 1;
      task.lastPoll = ev.t;
      break;
    case 'pending':
      // Woken during this very poll: it goes straight back into the run queue.
      task.state = task.repoll ? 'scheduled' : 'pending';
      task.repoll = false;
      task.busy += ev.busy;
      task.at = ev.at;
      task.lastAt = ev.at;  // kept once it is done: where it last resumed from
      task.waits = ev.waits;
      break;
    case 'ready':
      task.state = 'done';
      task.busy += ev.busy;
      task.failed = ev.failed;
      task.at = [];
      task.waits = [];
      task.repoll = false;
      break;
    case 'wake':
      task.wakes += 1;
      task.lastWake = { text: ev.cause.text, kind: ev.cause.kind, by: ev.by, t: ev.t };
      if (ev.effect === 'scheduled' && task.state !== 'done' && task.state !== 'cancelled') task.state = 'scheduled';
      if (ev.effect === 'repoll') task.repoll = true;
      break;
    case 'cancel':
      task.state = 'cancelled';
      task.at = [];
      task.waits = [];
      break;
    case 'waker':
      task.wakers = ev.held;
      break;
    case 'lint': {
      const seen = task.lints.find((l) => l.lint === ev.lint);
      const others = task.lints.filter((l) => l !== seen);
      task.lints = [...others, { lint: ev.lint, text: ev.text, t: ev.t, count: (seen ? seen.count : 0) + 1 }];
      break;
    }
    default:
      break;
  }
}
