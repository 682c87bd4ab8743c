// Which task the view follows until a person picks one: the command's own
// task, i.e. the newest task spawned from outside any task (parent 0),
// leaving out block_on's helper, which only awaits the command's
// JoinHandle. A task it spawns (a backoff timer, the chat reader) does not
// take the view away from it. The in-browser host's tasks (h1, h2, …) are
// followed only when a person picks one: they are the server's, not the
// command's.
import { HOST_TASKS } from './host_events.js';

export function pickFollow(state, current = 0) {
  let best = 0;
  let newest = 0;
  for (const task of state.tasks.values()) {
    if (task.id >= HOST_TASKS) continue;
    newest = Math.max(newest, task.id);
    if (task.parent === 0 && task.name !== 'block_on') best = Math.max(best, task.id);
  }
  return best || (state.tasks.has(current) ? current : newest);
}
