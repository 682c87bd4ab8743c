// Pause / Step / Play, the delay between polls, Clear and Download trace,
// and a line saying whether the executor is paused and how many tasks wait
// to be polled (from asyncplay_status()). Real buttons, in tab order.
import { el, setText } from './dom.js';
import { count, say } from './strings.js';

export const DELAYS = [0, 50, 200, 500, 1000];

export class ControlsBar {
  // actions: {pause, play, step, delay(ms), clear, download}
  constructor(container, { actions, table }) {
    this.strings = table;
    const button = (id, hint, action) => el('button', { type: 'button', class: 'ap-button', title: hint ? say(hint, {}, table) : null, onclick: action }, say(id, {}, table));
    this.pause = button('pause', null, actions.pause);
    this.step = button('step', 'stepHint', actions.step);
    this.play = button('play', null, actions.play);
    this.delay = el('select', { class: 'ap-select', id: 'ap-delay', title: say('delayHint', {}, table) },
      DELAYS.map((ms) => el('option', { value: ms }, ms ? say('delayMs', { ms }, table) : say('delayNone', {}, table))));
    this.delay.addEventListener('change', () => actions.delay(Number(this.delay.value)));
    this.clear = button('clear', 'clearHint', actions.clear);
    this.download = button('download', 'downloadHint', actions.download);
    this.state = el('span', { class: 'ap-run-state', 'aria-live': 'polite' });
    this.note = el('span', { class: 'ap-note', 'aria-live': 'polite' });
    container.append(
      el('div', { class: 'ap-group' }, this.pause, this.step, this.play),
      el('label', { class: 'ap-group', for: 'ap-delay' }, say('delayLabel', {}, table), this.delay),
      el('div', { class: 'ap-group' }, this.clear, this.download),
      this.state, this.note);
    this.buttons = [this.pause, this.step, this.play, this.delay, this.clear, this.download];
  }

  // enabled: the runtime has the exports; status: asyncplay_status(), parsed.
  show(enabled, status) {
    for (const b of this.buttons) b.disabled = !enabled;
    if (!enabled) return setText(this.state, '');
    const paused = status.paused === true;
    this.pause.setAttribute('aria-pressed', String(paused));
    this.play.setAttribute('aria-pressed', String(!paused));
    const delay = Number(status.delay) || 0;
    if (document.activeElement !== this.delay && DELAYS.includes(delay)) this.delay.value = String(delay);
    const run = paused ? say('statePaused', {}, this.strings)
      : delay ? say('stateDelay', { ms: delay }, this.strings) : say('statePlaying', {}, this.strings);
    const ready = Number.isInteger(status.ready) ? `, ${count('ready', status.ready, {}, this.strings)}` : '';
    setText(this.state, run + ready);
    this.state.dataset.paused = String(paused);
  }

  say(text) { setText(this.note, text); }
}
