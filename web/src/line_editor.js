// The terminal's line editor: a prompt, a line being typed, history, and
// output printed above the prompt without breaking the line. It knows nothing
// of xterm.js: it reads what the terminal sends (onData strings) and writes
// escape sequences through `write`, so it runs under Node in the unit tests.
//
// Keys: Enter, Backspace, Delete, Left/Right, Home/End (also Ctrl-A/Ctrl-E),
// Up/Down (history), Ctrl-U / Ctrl-K (erase before / after the cursor),
// Ctrl-W (erase a word), Tab (complete the command), Ctrl-C (cancel the
// running command, or the line), Ctrl-L (clear the screen). Pasted text is
// inserted; pasted newlines run the lines one after the other.
//
// While a command runs, what is typed is edited as usual and shown under
// the output in faint colours; Enter queues the line (it runs when the
// prompt comes back), Ctrl-C drops the queue and the line and says so.
// A line holds up to the chat server's line limit; a longer one is refused
// with a message, and a line taller than the screen is drawn as a window.
import { say, strings } from './view/strings.js';
import { KEY_ACTIONS, splitKeys } from './keys.js';
import { complete } from './completion.js';
import { FAINT } from './faint.js';
import { edit } from './edit_keys.js';
import { lineWindow } from './line_window.js';
import { dropTypeAhead, queueLine, runQueued } from './type_ahead.js';
import { layout, visible } from './text_cells.js';
import { wrapText } from './word_wrap.js';

export { splitKeys };

const ESC = '\x1b';
const MAX_HISTORY = 500;
export const MAX_LINE_BYTES = 64 * 1024;  // the chat server's limit for one line (src/chat/rules.hpp)
const utf8 = new TextEncoder();

export class LineEditor {
  // write(text): to the terminal. columns, rows: its size.
  // onLine(line): runs a command; may return a promise, the prompt comes back when it settles.
  // onInterrupt(): Ctrl-C while a command runs; returns true if it stopped something.
  // history: lines to start with (oldest first); onHistory(lines): after each line is remembered.
  // table: the page's catalogue (web/src/lang/) for the editor's own words; English by default.
  constructor({ write, columns, rows = 24, prompt = '> ', promptStyle = '', onLine, onInterrupt = () => false,
                history = [], onHistory = () => {}, table = strings }) {
    this.write = write;
    this.say = (id, params) => say(id, params, table);
    this.columns = Math.max(columns, 2);
    this.rows = Math.max(rows, 2);
    this.prompt = prompt;
    this.promptStyle = promptStyle;
    this.onLine = onLine;
    this.onInterrupt = onInterrupt;
    this.chars = [];         // the line being typed, one code point each
    this.cursor = 0;         // index into chars
    this.history = history.slice(-MAX_HISTORY);
    this.historyIndex = this.history.length;  // == history.length: the line being typed, not a past one
    this.onHistory = onHistory;
    this.draft = [];         // what was typed before walking into the history
    this.shown = false;      // prompt and line are on screen (faint while busy)
    this.cursorRow = 0;      // rows between the prompt's first row and the cursor
    this.busy = false;       // a command runs: Enter queues the line
    this.queued = [];        // lines typed ahead, run in order when the prompt is back
    this.printed = 0;        // prints so far (retract() checks nothing came after)
    this.refused = false;    // the length limit was said, and the line has not shrunk since
  }

  get line() { return this.chars.join(''); }

  // Shows the prompt (at the start of a fresh row, or where the typed-ahead
  // line is), then runs what was queued meanwhile.
  showPrompt() {
    if (!this.shown) this.cursorRow = 0;
    this.shown = true;
    this.render();
    if (this.queued.length) runQueued(this, this.queued.shift());
  }

  // What the terminal sent: keys, or pasted text.
  handleData(data) {
    const typedWhileBusy = this.busy;  // not a paste whose first line just started a command
    for (const key of splitKeys(data)) {
      const action = KEY_ACTIONS[key];
      if (action) this.act(action, typedWhileBusy);
      else if (key[0] !== ESC && key.charCodeAt(0) >= 0x20) this.insert(key);
      // other escape sequences and control keys are ignored
    }
    if (this.busy && !this.shown && this.chars.length) {  // type-ahead: show it under the output
      this.shown = true;
      this.cursorRow = 0;
    }
    if (this.shown) this.render();
  }

  act(action, typedWhileBusy = false) {
    switch (action) {
      case 'enter': return this.busy ? queueLine(this, typedWhileBusy) : this.submit();
      case 'up': return this.walkHistory(-1);
      case 'down': return this.walkHistory(+1);
      case 'complete': {
        const done = complete(this.chars, this.cursor);
        if (done && done.choices) this.print(done.choices.join('  '), FAINT);
        else if (done) [this.chars, this.cursor] = [done.chars, done.cursor];
        return;
      }
      case 'interrupt': return this.busy ? dropTypeAhead(this) : this.interruptPrompt();
      case 'clear': return this.clearScreen();
      default:
        if (edit(this, action) === 'shorter') this.refused = false;
    }
  }

  // Ctrl-C at the prompt: stop a command running in the background, and drop the line.
  interruptPrompt() {
    this.onInterrupt();
    this.moveToEnd();
    this.write('^C\r\n');
    this.reset();
    this.cursorRow = 0;
  }

  insert(text) {
    const chars = Array.from(text.replace(/[\x80-\x9f]/g, ''));
    const bytes = utf8.encode(this.line).length + utf8.encode(chars.join('')).length;
    if (bytes > MAX_LINE_BYTES) {
      if (!this.refused) {
        this.print(this.say('lineTooLong', { most: MAX_LINE_BYTES, bytes }), '\x1b[31m');
      }
      this.refused = true;
      return;
    }
    this.chars.splice(this.cursor, 0, ...chars);
    this.cursor += chars.length;
  }

  walkHistory(step) {
    const to = this.historyIndex + step;
    if (to < 0 || to > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.chars;
    this.historyIndex = to;
    this.chars = to === this.history.length ? this.draft : Array.from(this.history[to]);
    this.cursor = this.chars.length;
  }

  remember(line) {
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > MAX_HISTORY) this.history.shift();
      this.onHistory(this.history);
    }
    this.historyIndex = this.history.length;
  }

  // Forgets every past line (called between lines: nothing is being typed).
  forgetHistory() {
    this.history = [];
    this.historyIndex = 0;
    this.draft = [];
  }

  submit({ remembered = false } = {}) {
    const line = this.line;
    this.newRowAfterLine();
    this.shown = false;
    this.reset();
    if (!remembered) this.remember(line);
    this.historyIndex = this.history.length;
    this.busy = true;
    let done;
    try {
      done = Promise.resolve(this.onLine(line));
    } catch (error) {
      done = Promise.reject(error);
    }
    done.catch((error) => this.print(this.say('editorInternalError', { what: error && error.message ? error.message : error }), '\x1b[31m'))
      .finally(() => {
        this.busy = false;
        this.showPrompt();
      });
  }

  reset() {
    this.chars = [];
    this.cursor = 0;
    this.draft = [];
    this.historyIndex = this.history.length;
    this.refused = false;
  }

  // Prints text from elsewhere (the runtime, the network) on its own rows
  // above the prompt, control characters shown, not obeyed; the line being
  // typed is drawn again below it. `style` is an SGR sequence such as '\x1b[31m'.
  print(text, style = '') {
    return this.note(visible(text), style);
  }

  // The page's own words: like print(), escape sequences (colours) allowed.
  // Rows are broken at spaces to fit the terminal. Returns a mark for retract().
  note(text, style = '') {
    const shown = this.shown;
    if (shown) this.erase();
    const body = wrapText(text.replace(/\n$/, ''), this.columns);  // one row break at the end, not two
    this.write(style ? `${style}${body.replace(/\n/g, '\r\n')}\x1b[0m\r\n` : `${body.replace(/\n/g, '\r\n')}\r\n`);
    if (shown) {
      this.cursorRow = 0;
      this.render();
    }
    this.printed += 1;
    return { printed: this.printed, rows: body.split('\n').length, columns: this.columns };
  }

  // Takes back what note() printed (a "loading…" line), if nothing was
  // printed since and the width is the same; returns whether it did.
  retract(mark) {
    if (!mark || mark.printed !== this.printed || mark.columns !== this.columns || mark.rows >= this.rows) return false;
    if (this.shown) this.erase();
    this.write(`${ESC}[${mark.rows}A\r${ESC}[J`);
    this.printed += 1;
    if (this.shown) this.render();
    return true;
  }

  clearScreen() {
    this.write(`${ESC}[H${ESC}[2J${ESC}[3J`);
    this.cursorRow = 0;
    if (this.shown) this.render();
  }

  // The terminal's size changed. xterm.js re-wraps the rows above but not
  // the line holding the cursor (its reflowCursorLine option is off), so the
  // prompt still starts cursorRow rows up: erase from there, draw again.
  resize(columns, rows = this.rows) {
    this.columns = Math.max(columns, 2);
    this.rows = Math.max(rows, 2);
    if (this.shown) this.render();
  }

  // What is drawn after the prompt: the whole line, or a window of a long one.
  drawn() {
    return lineWindow(Array.from(this.prompt), this.chars, this.cursor, this.columns, this.rows);
  }

  // Back to the prompt's first row, and everything below it erased.
  erase() {
    this.write(`${this.cursorRow > 0 ? `${ESC}[${this.cursorRow}A` : ''}\r${ESC}[J`);
    this.cursorRow = 0;
  }

  // From the end of the line to the start of the row below it. When the line
  // filled its last row exactly the cursor is there already, on the wrapped
  // row render() made: erasing it from column 0 makes it a row of its own.
  // A line drawn as a window is written whole now: it goes into the scrollback.
  newRowAfterLine() {
    if (this.shown && this.drawn().chars !== this.chars) {
      this.erase();
      this.write(`${this.promptStyle}${this.prompt}\x1b[0m${visible(this.line)}\r\n`);
      return;
    }
    this.moveToEnd();
    const end = layout([...Array.from(this.prompt), ...this.chars], this.columns).pop();
    this.write(this.shown && end.column >= this.columns ? `${ESC}[K` : '\r\n');
  }

  moveToEnd() {
    if (!this.shown) return;
    this.cursor = this.chars.length;
    this.render();
  }

  // Draws prompt and line from the prompt's first row and puts the cursor in
  // place; faint while a command runs (the line is typed ahead).
  render() {
    if (!this.shown) return;
    const prompt = Array.from(this.prompt);
    const { chars, cursor: at } = this.drawn();
    const positions = layout([...prompt, ...chars], this.columns);
    const end = positions[positions.length - 1];
    const [promptStyle, lineStyle] = this.busy ? [FAINT, FAINT] : [this.promptStyle, ''];
    let out = `${this.cursorRow > 0 ? `${ESC}[${this.cursorRow}A` : ''}\r${ESC}[J`;
    out += promptStyle ? `${promptStyle}${this.prompt}\x1b[0m` : this.prompt;
    out += lineStyle ? `${lineStyle}${visible(chars.join(''))}\x1b[0m` : visible(chars.join(''));
    // Leave the terminal's cursor at a known place: column 0 of the last row.
    // A line that fills its last row exactly continues onto the next one by
    // the terminal's own wrap (a space, stepped back over): a newline would
    // cut the line in two for xterm.js, which would then re-wrap the first
    // part on resize. (Erasing the space would end the wrap too.)
    let endRow = end.row;
    if (end.column >= this.columns) {
      out += ' \b';
      endRow += 1;
    } else {
      out += '\r';
    }
    const before = positions[prompt.length + at];  // after a pending wrap: the next row
    const cursor = before.column >= this.columns ? { row: before.row + 1, column: 0 } : before;
    if (endRow > cursor.row) out += `${ESC}[${endRow - cursor.row}A`;
    if (cursor.column > 0) out += `${ESC}[${cursor.column}C`;
    this.cursorRow = cursor.row;
    this.write(out);
  }
}
