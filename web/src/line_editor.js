// The terminal's line editor: a prompt, a line being typed, history, and
// output printed above the prompt without breaking the line. It knows nothing
// of xterm.js: it reads what the terminal sends (onData strings) and writes
// escape sequences through `write`, so it runs under Node in the unit tests.
//
// Keys: Enter, Backspace, Delete, Left/Right, Home/End (also Ctrl-A/Ctrl-E),
// Up/Down (history), Ctrl-U / Ctrl-K (erase before / after the cursor),
// Ctrl-W (erase a word), Ctrl-C (cancel the running command, or the line),
// Ctrl-L (clear the screen). Pasted text is inserted; pasted newlines run the
// lines one after the other. A line never grows taller than the terminal
// (the cursor could not get back to its start to draw it again).
import { layout, visible } from './text_cells.js';

const ESC = '\x1b';
const MAX_HISTORY = 500;
const MAX_LINE = 4096;  // characters in one command line

// Splits what the terminal sent into keys: escape sequences, control
// characters and runs of printable text.
export function splitKeys(data) {
  const keys = [];
  let i = 0;
  while (i < data.length) {
    const c = data[i];
    if (c === ESC) {
      const next = data[i + 1];
      if (next === '[') {  // CSI: parameters, then a final byte in @..~
        let j = i + 2;
        while (j < data.length && !(data.charCodeAt(j) >= 0x40 && data.charCodeAt(j) <= 0x7e)) j++;
        keys.push(data.slice(i, j + 1));
        i = j + 1;
      } else if (next === 'O') {  // SS3: one more byte
        keys.push(data.slice(i, i + 3));
        i += 3;
      } else {  // Alt+key, or a lone Escape
        keys.push(data.slice(i, next === undefined ? i + 1 : i + 2));
        i += next === undefined ? 1 : 2;
      }
    } else if (data.charCodeAt(i) < 0x20 || c === '\x7f') {
      keys.push(c);
      i += 1;
    } else {
      let j = i;
      while (j < data.length && data[j] !== ESC && data.charCodeAt(j) >= 0x20 && data[j] !== '\x7f') j++;
      keys.push(data.slice(i, j));
      i = j;
    }
  }
  return keys;
}

const KEY_ACTIONS = {
  '\r': 'enter', '\n': 'enter',
  '\x7f': 'backspace', '\b': 'backspace',
  [`${ESC}[3~`]: 'delete', '\x04': 'delete',
  [`${ESC}[D`]: 'left', [`${ESC}OD`]: 'left', '\x02': 'left',
  [`${ESC}[C`]: 'right', [`${ESC}OC`]: 'right', '\x06': 'right',
  [`${ESC}[A`]: 'up', [`${ESC}OA`]: 'up', '\x10': 'up',
  [`${ESC}[B`]: 'down', [`${ESC}OB`]: 'down', '\x0e': 'down',
  [`${ESC}[H`]: 'home', [`${ESC}OH`]: 'home', [`${ESC}[1~`]: 'home', '\x01': 'home',
  [`${ESC}[F`]: 'end', [`${ESC}OF`]: 'end', [`${ESC}[4~`]: 'end', '\x05': 'end',
  '\x15': 'kill-before', '\x0b': 'kill-after', '\x17': 'kill-word',
  '\x03': 'interrupt', '\x0c': 'clear',
};

export class LineEditor {
  // write(text): to the terminal. columns, rows: its size.
  // onLine(line): runs a command; may return a promise, the prompt comes back when it settles.
  // onInterrupt(): Ctrl-C while a command runs; returns true if it stopped something.
  constructor({ write, columns, rows = 24, prompt = '> ', promptStyle = '', onLine, onInterrupt = () => false }) {
    this.write = write;
    this.columns = Math.max(columns, 2);
    this.rows = Math.max(rows, 2);
    this.prompt = prompt;
    this.promptStyle = promptStyle;
    this.onLine = onLine;
    this.onInterrupt = onInterrupt;
    this.chars = [];         // the line being typed, one code point each
    this.cursor = 0;         // index into chars
    this.history = [];
    this.historyIndex = 0;   // == history.length: the line being typed, not a past one
    this.draft = [];         // what was typed before walking into the history
    this.shown = false;      // prompt and line are on screen
    this.cursorRow = 0;      // rows between the prompt's first row and the cursor
    this.busy = false;       // a command runs; what is typed waits in `typeAhead`
    this.typeAhead = '';
  }

  get line() { return this.chars.join(''); }

  // Shows the prompt (at the start of a fresh row).
  showPrompt() {
    this.shown = true;
    this.cursorRow = 0;
    this.render();
    if (this.typeAhead) {
      const typed = this.typeAhead;
      this.typeAhead = '';
      this.handleData(typed);
    }
  }

  // What the terminal sent: keys, or pasted text.
  handleData(data) {
    if (this.busy) {
      // Only Ctrl-C acts now; the rest is kept for the next prompt.
      const at = data.indexOf('\x03');
      if (at < 0) {
        this.typeAhead = (this.typeAhead + data).slice(0, MAX_LINE);
        return;
      }
      this.typeAhead = '';
      this.onInterrupt();
      return;
    }
    const keys = splitKeys(data);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (this.busy) {  // an earlier line of a paste started a command
        this.typeAhead = (this.typeAhead + keys.slice(k).join('')).slice(0, MAX_LINE);
        return;
      }
      const action = KEY_ACTIONS[key];
      if (action) this.act(action);
      else if (key[0] !== ESC && key.charCodeAt(0) >= 0x20) this.insert(key);
      // other escape sequences and control keys are ignored
    }
    if (this.shown) this.render();
  }

  act(action) {
    const n = this.chars.length;
    switch (action) {
      case 'enter': return this.submit();
      case 'backspace':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return;
      case 'delete':
        if (this.cursor < n) this.chars.splice(this.cursor, 1);
        return;
      case 'left': this.cursor = Math.max(0, this.cursor - 1); return;
      case 'right': this.cursor = Math.min(n, this.cursor + 1); return;
      case 'home': this.cursor = 0; return;
      case 'end': this.cursor = n; return;
      case 'up': return this.walkHistory(-1);
      case 'down': return this.walkHistory(+1);
      case 'kill-before': this.chars.splice(0, this.cursor); this.cursor = 0; return;
      case 'kill-after': this.chars.splice(this.cursor); return;
      case 'kill-word': {
        let start = this.cursor;
        while (start > 0 && this.chars[start - 1] === ' ') start--;
        while (start > 0 && this.chars[start - 1] !== ' ') start--;
        this.chars.splice(start, this.cursor - start);
        this.cursor = start;
        return;
      }
      case 'interrupt': {
        // At the prompt: stop a command running in the background, and drop the line.
        this.onInterrupt();
        this.moveToEnd();
        this.write('^C\r\n');
        this.reset();
        this.cursorRow = 0;
        return;
      }
      case 'clear': return this.clearScreen();
    }
  }

  insert(text) {
    const room = MAX_LINE - this.chars.length;
    const chars = Array.from(text.replace(/[\x80-\x9f]/g, '')).slice(0, Math.max(room, 0));
    // As many as fit on the screen's rows (the longest prefix that does).
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const trial = [...this.chars.slice(0, this.cursor), ...chars.slice(0, mid), ...this.chars.slice(this.cursor)];
      if (this.rowsFor(trial) <= this.rows) lo = mid;
      else hi = mid - 1;
    }
    this.chars.splice(this.cursor, 0, ...chars.slice(0, lo));
    this.cursor += lo;
  }

  // Rows that prompt + chars take once drawn (with the cursor's row after a full last row).
  rowsFor(chars) {
    const end = layout([...Array.from(this.prompt), ...chars], this.columns).pop();
    return end.row + 1 + (end.column >= this.columns ? 1 : 0);
  }

  walkHistory(step) {
    const to = this.historyIndex + step;
    if (to < 0 || to > this.history.length) return;
    if (this.historyIndex === this.history.length) this.draft = this.chars;
    this.historyIndex = to;
    this.chars = to === this.history.length ? this.draft : Array.from(this.history[to]);
    this.cursor = this.chars.length;
  }

  submit() {
    const line = this.line;
    this.newRowAfterLine();
    this.shown = false;
    this.reset();
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.historyIndex = this.history.length;
    this.busy = true;
    let done;
    try {
      done = Promise.resolve(this.onLine(line));
    } catch (error) {
      done = Promise.reject(error);
    }
    done.catch((error) => this.print(`internal error: ${error && error.message ? error.message : error}`, '\x1b[31m'))
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
  }

  // Prints text on its own rows above the prompt; the line being typed is
  // drawn again below it. `style` is an SGR sequence such as '\x1b[31m'.
  print(text, style = '') {
    const shown = this.shown;
    if (shown) this.erase();
    const body = visible(text).replace(/\n$/, '').replace(/\n/g, '\r\n');  // one row break at the end, not two
    this.write(style ? `${style}${body}\x1b[0m\r\n` : `${body}\r\n`);
    if (shown) {
      this.cursorRow = 0;
      this.render();
    }
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

  allChars() { return [...Array.from(this.prompt), ...this.chars]; }

  // Where the cursor goes before character `cursor` (after a pending wrap: the next row).
  cursorPosition(positions) {
    const at = positions[Array.from(this.prompt).length + this.cursor];
    return at.column >= this.columns ? { row: at.row + 1, column: 0 } : at;
  }

  // Back to the prompt's first row, and everything below it erased.
  erase() {
    this.write(`${this.cursorRow > 0 ? `${ESC}[${this.cursorRow}A` : ''}\r${ESC}[J`);
    this.cursorRow = 0;
  }

  // From the end of the line to the start of the row below it. When the line
  // filled its last row exactly the cursor is there already, on the wrapped
  // row render() made: erasing it from column 0 makes it a row of its own.
  newRowAfterLine() {
    this.moveToEnd();
    const end = layout(this.allChars(), this.columns).pop();
    this.write(this.shown && end.column >= this.columns ? `${ESC}[K` : '\r\n');
  }

  moveToEnd() {
    if (!this.shown) return;
    this.cursor = this.chars.length;
    this.render();
  }

  // Draws prompt and line from the prompt's first row and puts the cursor in place.
  render() {
    if (!this.shown) return;
    const positions = layout(this.allChars(), this.columns);
    const end = positions[positions.length - 1];
    let out = `${this.cursorRow > 0 ? `${ESC}[${this.cursorRow}A` : ''}\r${ESC}[J`;
    out += this.promptStyle ? `${this.promptStyle}${this.prompt}\x1b[0m` : this.prompt;
    out += visible(this.line);
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
    const cursor = this.cursorPosition(positions);
    if (endRow > cursor.row) out += `${ESC}[${endRow - cursor.row}A`;
    if (cursor.column > 0) out += `${ESC}[${cursor.column}C`;
    this.cursorRow = cursor.row;
    this.write(out);
  }
}
