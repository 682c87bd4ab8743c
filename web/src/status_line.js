// The line under the terminal: relay and its state, the chat connection, the
// number of live tasks, and what runs now with a spinner that turns on every
// animation frame, so a person sees the page stays alive while block_on waits.
//
// Screen readers hear only changes of state: the visible line is not a live
// region (its spinner changes 15 times a second, its task count at every
// spawn); a visually hidden live region gets one sentence when the relay's
// state, the chat connection or the running command changes. On a narrow
// screen the parts wrap onto more rows instead of being cut (style.css).

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

// The sentence a screen reader hears for a state; the task count is left out on purpose.
export function stateSentence(status, running) {
  const relay = `relay ${status.relay_state}`;
  const chat = status.connection === 'not connected' ? 'chat not connected' : `chat connected to ${status.connection}`;
  return `${relay}, ${chat}${running ? `, running ${running}` : ', no command running'}.`;
}

export class StatusLine {
  // element: the visible line; announcer: the live region (role=status).
  constructor(element, announcer) {
    this.element = element;
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
      this.parts.relay.textContent = `relay ${status.relay || '(none)'} (${relayState})`;
      this.parts.relay.dataset.state = relayState.replace(/ /g, '-');
      this.parts.connection.textContent = status.connection === 'not connected' ? 'chat: not connected'
                                                                               : `chat: ${status.connection}`;
      this.parts.tasks.textContent = `${status.tasks} live task${status.tasks === 1 ? '' : 's'}`;
      this.command.textContent = running || '';
      this.parts.running.hidden = !running;
      const sentence = stateSentence(status, running);
      if (sentence !== this.announced) {
        this.announced = sentence;
        this.announcer.textContent = sentence;
      }
    }
    const spin = running ? `${SPINNER[Math.floor(frame / 4) % SPINNER.length]} ` : '';
    if (this.spinner.textContent !== spin) this.spinner.textContent = spin;
  }
}
