// The line under the terminal: relay and its state, the chat connection, the
// number of live tasks, and what runs now with a spinner that turns on every
// animation frame, so a person sees the page stays alive while block_on waits.
//
// Screen readers hear only changes of state: the visible line is not a live
// region (its spinner changes 15 times a second, its task count at every
// spawn); a visually hidden live region gets one sentence when the relay's
// state, the chat connection or the running command changes. On a narrow
// screen the parts wrap onto more rows instead of being cut (style.css).

import en from './lang/en.js';
import { count, say } from './view/strings.js';

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

// A relay state of the runtime ("reachable") in the catalogue's words.
function relayWords(state, table) {
  return table[`relay-${state}`] ?? state;
}

// The sentence a screen reader hears for a state; the task count is left out on purpose.
export function stateSentence(status, running, table = en) {
  const relay = status.relay ? say('sayRelay', { state: relayWords(status.relay_state, table) }, table)
                             : say('statusNoRelay', {}, table);
  const chat = status.connection === 'not connected' ? say('sayChatNone', {}, table)
                                                     : say('sayChat', { connection: status.connection }, table);
  return `${relay}, ${chat}${running ? say('sayRunning', { command: running }, table) : say('sayIdle', {}, table)}`;
}

export class StatusLine {
  // element: the visible line; announcer: the live region (role=status).
  constructor(element, announcer, table = en) {
    this.element = element;
    this.table = table;
    this.announcer = announcer;
    this.parts = {};
    for (const name of ['relay', 'connection', 'tasks', 'running']) {
      const span = document.createElement('span');
      span.className = `status-${name}`;
      element.appendChild(span);
      this.parts[name] = span;
    }
    this.spinner = document.createElement('span');
    this.spinner.setAttribute('aria-hidden', 'true');
    this.command = document.createElement('span');
    this.parts.running.append(this.spinner, this.command);
    this.last = '';
    this.announced = '';
  }

  // status: what asyncplay_status() returned, parsed, every key present
  // (main.js fills in defaults); busy: the command the
  // page waits for (block_on), if any; frame: the animation frame count.
  show(status, busy, frame) {
    const relayState = status.relay_state;
    const running = busy || status.running;
    const text = [status.relay, relayState, status.connection, status.tasks, running].join('|');
    if (text !== this.last) {
      this.last = text;
      const table = this.table;
      // No relay at all (the in-browser host serves): nothing to be reachable or not.
      this.parts.relay.textContent = status.relay
        ? say('statusRelay', { relay: status.relay, state: relayWords(relayState, table) }, table)
        : say('statusNoRelay', {}, table);
      this.parts.relay.dataset.state = relayState.replace(/ /g, '-');
      this.parts.connection.textContent = status.connection === 'not connected' ? say('statusChatNone', {}, table)
          : say(status.connection.startsWith('local:') ? 'statusChatLocal' : 'statusChat',
                { connection: status.connection }, table);
      this.parts.tasks.textContent = count('statusTasks', status.tasks, {}, table);
      this.command.textContent = running || '';
      this.parts.running.hidden = !running;
      const sentence = stateSentence(status, running, table);
      if (sentence !== this.announced) {
        this.announced = sentence;
        this.announcer.textContent = sentence;
      }
    }
    const spin = running ? `${SPINNER[Math.floor(frame / 4) % SPINNER.length]} ` : '';
    if (this.spinner.textContent !== spin) this.spinner.textContent = spin;
  }
}
