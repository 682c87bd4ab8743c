// The line under the terminal: relay and its state, the chat connection, the
// number of live tasks, and what runs now with a spinner that turns on every
// animation frame, so a person sees the page stays alive while block_on waits.

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

export class StatusLine {
  constructor(element) {
    this.element = element;
    this.parts = {};
    for (const name of ['relay', 'connection', 'tasks', 'running']) {
      const span = document.createElement('span');
      span.className = `status-${name}`;
      element.appendChild(span);
      this.parts[name] = span;
    }
    this.last = '';
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
    }
    this.parts.running.textContent = running ? `${SPINNER[Math.floor(frame / 4) % SPINNER.length]} ${running}` : '';
  }
}
