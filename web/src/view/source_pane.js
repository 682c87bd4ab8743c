// The source pane: the file of the followed task's co_await with line
// numbers, that line highlighted and scrolled into view, the frame's size,
// and the whole await chain (outermost first) as buttons that switch the
// frame shown. What to show comes from source_model.js.
import { el, setText } from './dom.js';
import { say } from './strings.js';
import { tokens } from './source_model.js';

export class SourcePane {
  constructor(container, { onPick, table }) {
    this.onPick = onPick;
    this.strings = table;
    this.file = null;
    this.line = 0;
    this.lines = [];
    this.caption = el('p', { class: 'ap-caption' });
    this.frame = el('p', { class: 'ap-frame' });
    this.chain = el('ol', { class: 'ap-chain', 'aria-label': say('sourceChain', {}, table) });
    this.title = el('p', { class: 'ap-file' });
    this.code = el('pre', { class: 'ap-code', tabindex: 0 });
    container.append(this.caption, this.chain, this.frame, this.title, this.code);
    this.chainKey = '';
    this.shown = null;
  }

  // shown: from sourceFor(), or null when no task is followed.
  render(shown) {
    this.shown = shown;
    setText(this.caption, shown ? shown.caption : say('sourceNone', {}, this.strings));
    setText(this.frame, shown && shown.frameText ? shown.frameText : '');
    this.frame.hidden = !(shown && shown.frameText);
    this.renderChain(shown);
    this.renderFile(shown && shown.file ? shown : null);
  }

  renderChain(shown) {
    const chain = shown ? shown.chain : [];
    const key = JSON.stringify([chain.map((c) => [c.label, c.embedded, c.lib]), shown && shown.index]);
    if (key === this.chainKey) return;
    this.chainKey = key;
    // A frame of the runtime's own layers says so in words beside its link.
    const hint = say('runtimeHint', {}, this.strings);
    this.chain.replaceChildren(...chain.map((entry) => el('li', { class: entry.lib ? 'ap-lib' : null },
      el('button', {
        type: 'button', class: 'ap-link', disabled: !entry.embedded,
        'aria-current': entry.index === shown.index ? 'true' : null,
        title: entry.lib ? hint : null,
        onclick: () => this.onPick(entry.index),
      }, entry.label),
      entry.lib ? el('span', { class: 'ap-lib-mark', title: hint }, say('runtimeMark', {}, this.strings)) : null)));
    this.chain.hidden = chain.length === 0;
  }

  renderFile(shown) {
    const file = shown ? shown.file : null;
    if (file !== this.file) {
      this.file = file;
      this.line = 0;
      setText(this.title, file ? say('sourceLines', { file }, this.strings) : '');
      this.title.hidden = !file;
      this.code.hidden = !file;
      this.lines = file ? shown.text.split('\n').map((text, i) => el('div', { class: 'ap-line' },
        el('span', { class: 'ap-ln', 'aria-hidden': 'true' }, String(i + 1).padStart(4)),
        tokens(text).map((t) => (t.kind ? el('span', { class: `ap-${t.kind}` }, t.text) : t.text)))) : [];
      this.code.replaceChildren(...this.lines);
    }
    const line = shown ? shown.line : 0;
    if (line !== this.line) {
      const old = this.lines[this.line - 1];
      if (old) old.classList.remove('ap-here');
      this.line = line;
      const now = this.lines[line - 1];
      if (now) now.classList.add('ap-here');
      this.rescroll();
    }
  }

  // Brings the highlighted line into view: the code box scrolls, never the
  // page. Again when the pane becomes visible (a tab on a narrow screen).
  rescroll() {
    const here = this.lines[this.line - 1];
    if (here) this.code.scrollTop = Math.max(0, here.offsetTop - this.code.clientHeight / 3);
  }

  // {file, line} of the highlighted line, or null.
  highlighted() {
    return this.file && this.lines[this.line - 1] ? { file: this.file, line: this.line } : null;
  }
}
