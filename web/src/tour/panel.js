// The tour's panel, above the live view: the step's text, what to look at,
// a button that does the step to the real runtime, and Back / Next /
// Restart / Close. Opened by the `tour` command or the Tour button; the text
// of each step is announced to screen readers when it changes.
import { el, setText } from '../view/dom.js';
import { say } from '../view/strings.js';

// controls: what a step may do, given by main.js:
//   pause(), play(), step(), run(line), taskState(name) -> 'scheduled' | ... | null
//   (the newest task of that name), commandsDone() (commands whose prompt came
//   back), showPane(name) (the view's pane a step points at), linkTo(id) (this
//   page's address opening step `id`).
// asides: steps done in another tab, outside the sequence (steps.js).
export class TourPanel {
  constructor(root, { steps, asides = [], table, controls }) {
    this.root = root;
    this.steps = steps;
    this.asides = asides;
    this.table = table;
    this.controls = controls;
    this.index = 0;
    this.current = steps[0];  // the step shown: steps[index], or an aside of it
    this.done = new Set();  // steps whose action ran
    const t = (id, params) => say(id, params, table);
    root.classList.add('tour');
    root.setAttribute('aria-label', t('tourLabel'));
    root.hidden = true;
    this.counter = el('p', { class: 'tour-counter' });
    this.title = el('h2', { class: 'tour-title', id: 'tour-title' });
    this.text = el('p', { class: 'tour-text', 'aria-live': 'polite' });
    this.watch = el('p', { class: 'tour-watch' });
    this.doButton = el('button', { type: 'button', class: 'tour-do', onclick: () => this.doStep() });
    this.note = el('p', { class: 'tour-note', role: 'status' });
    // A step with an aside: the link that opens it in a second tab.
    this.asideLink = el('a', { class: 'tour-aside', target: '_blank', rel: 'noopener' });
    const button = (id, action) => el('button', { type: 'button', class: `tour-${id}`, onclick: action }, t(`tour${id[0].toUpperCase()}${id.slice(1)}`));
    this.backButton = button('back', () => this.show(this.current === this.steps[this.index] ? this.index - 1 : this.index));
    this.nextButton = button('next', () => this.show(this.index + 1));
    root.append(
      el('div', { class: 'tour-head' }, this.counter, button('restart', () => this.restart()), button('close', () => this.close())),
      this.title, this.text, this.watch,
      el('div', { class: 'tour-buttons' }, this.backButton, this.doButton, this.nextButton),
      this.note, this.asideLink);
  }

  open(index = this.index) {
    this.root.hidden = false;
    this.show(index);
    this.doButton.focus();
  }

  close() { this.root.hidden = true; }

  restart() {
    this.done.clear();
    this.controls.play();  // a paused runtime from an earlier pass would hold the first step
    this.show(0);
  }

  // Opens an aside (e.g. '10b'), or the first step if there is none of that id.
  openAside(id) {
    const aside = this.asides.find((a) => a.id === id);
    if (!aside) return this.open(0);
    this.root.hidden = false;
    this.index = Math.max(0, this.steps.findIndex((s) => s.id === aside.of));
    this.render(aside, say('tourAsideOf', { n: this.index + 1, of: this.steps.length }, this.table));
    this.backButton.disabled = false;  // Back: the step it belongs to; Next: the one after
    this.nextButton.disabled = this.index === this.steps.length - 1;
    this.doButton.focus();
  }

  show(index) {
    this.index = Math.max(0, Math.min(index, this.steps.length - 1));
    const step = this.steps[this.index];
    this.render(step, say('tourStepOf', { n: this.index + 1, of: this.steps.length }, this.table));
    this.backButton.disabled = this.index === 0;
    this.nextButton.disabled = this.index === this.steps.length - 1;
  }

  render(step, counter) {
    this.current = step;
    const t = (id, params = step.params) => say(id, params, this.table);
    setText(this.counter, counter);
    setText(this.title, t(`tour${step.id}Title`));
    setText(this.text, t(`tour${step.id}Text`));
    setText(this.watch, t(`tour${step.id}Watch`));
    setText(this.doButton, step.actions.length ? t(`tour${step.id}Do`) : '');
    setText(this.note, '');
    this.doButton.disabled = this.done.has(step.id);
    this.doButton.hidden = step.actions.length === 0;  // a step to read
    this.asideLink.hidden = !step.aside || !this.done.has(step.id);  // once this tab is ready for it
    if (step.aside) {
      setText(this.asideLink, t(`tour${step.aside}Open`));
      this.asideLink.href = this.controls.linkTo(step.aside);
    }
    this.root.dataset.step = String(step.id);
    this.controls.showPane(step.pane);
    // A new step is read from its title: on a phone the panel is shorter than
    // most steps, and it stayed scrolled to where the last step's buttons were.
    this.root.scrollTop = 0;
  }

  // Does the step's actions, in order; a wake is waited for (a few seconds at most).
  async doStep() {
    const step = this.current;
    if (this.done.has(step.id)) return;
    this.done.add(step.id);
    this.doButton.disabled = true;
    const commandsBefore = this.controls.commandsDone();
    for (const action of step.actions) {
      if (action.kind === 'pause') this.controls.pause();
      else if (action.kind === 'play') this.controls.play();
      else if (action.kind === 'step') this.controls.step();
      else if (action.kind === 'run') this.controls.run(action.line);
      else if (action.kind === 'wake-then-step') {
        setText(this.note, say('tourWaiting', {}, this.table));
        const woken = await this.until(() => this.controls.taskState(action.task) === 'scheduled', 5000);
        setText(this.note, woken ? '' : say('tourNoWake', {}, this.table));
        if (woken) this.controls.step();
      } else if (action.kind === 'pause-when-written') {
        // The step's commands came back and the session's writer parked again
        // after writing them: what they sent has left this page.
        const target = commandsBefore + action.commands;
        setText(this.note, say('tourWriting', {}, this.table));
        const written = await this.until(() => this.controls.commandsDone() >= target &&
                                               this.controls.taskState(action.task) === 'pending', 10000);
        setText(this.note, written ? '' : say('tourNotWritten', {}, this.table));
        if (written) this.controls.pause();
      }
    }
    if (step.aside && this.current === step) this.asideLink.hidden = false;
    this.root.dataset.done = [...this.done].join(' ');
  }

  until(condition, ms) {
    return new Promise((resolve) => {
      const start = performance.now();
      const check = () => {
        if (condition()) return resolve(true);
        if (performance.now() - start > ms) return resolve(false);
        requestAnimationFrame(check);
      };
      check();
    });
  }
}
