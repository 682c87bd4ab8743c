// How many terminal cells a character takes, and where a line lands when the
// terminal wraps it: the line editor needs both to put the cursor in place.
// The widths are the terminal's own: the unicode11 add-on's provider (the one
// the page's terminal uses), taken through the add-on's public activate()
// with a stand-in for the terminal. Until then: 0 for control characters,
// 1 for everything else.

let cellsOf = (code) => (code < 0x20 || (code >= 0x7f && code < 0xa0) ? 0 : 1);

// Makes charCells() answer as the terminal does with this add-on loaded.
export function useWidthsOf(unicodeAddon) {
  let provider = null;
  unicodeAddon.activate({ unicode: { register: (registered) => { provider = registered; } } });
  if (!provider || typeof provider.wcwidth !== 'function') {
    throw new Error('the unicode add-on registered no width provider');
  }
  cellsOf = (code) => provider.wcwidth(code);
}

// Cells taken by one code point (a string of one character, surrogate pairs whole).
export function charCells(ch) {
  return cellsOf(ch.codePointAt(0));
}

// Where each character of `chars` lands on a terminal `columns` wide,
// starting at column `startColumn` of row 0, as the terminal wraps it: a wide
// character that does not fit at the end of a row moves to the next one.
// Returns the positions before each character and after the last one, as
// {row, column}; a position at column == columns means "after the last cell
// of the row" (the terminal's pending wrap).
export function layout(chars, columns, startColumn = 0) {
  const positions = [];
  let row = 0;
  let column = startColumn;
  for (const ch of chars) {
    const cells = charCells(ch);
    if (cells > 0 && column + cells > columns) {
      row += 1;
      column = 0;
    }
    positions.push({ row, column });
    column += cells;
  }
  positions.push({ row, column });
  return positions;
}

// Text from elsewhere (chat messages, HTTP bodies) must not drive the
// terminal nor disguise itself: control characters other than newline and
// tab are shown as visible symbols instead of being obeyed (no escape
// sequences, no OSC clipboard writes, no title changes), and the invisible
// bidirectional controls, which could make a line read as something else,
// become U+FFFD.
export function visible(text) {
  return text.replace(/\r\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => {
      const code = c.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code);  // ␛ for ESC, ␍ for CR, ...
      if (code === 0x7f) return '\u2421';
      return '\ufffd';
    })
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}
