// Breaks text into rows of at most `columns` cells at spaces, so a phone's
// 40-odd columns read "compiled", not "com" / "piled" (the terminal itself
// breaks anywhere). SGR sequences (ESC [ ... m, the page's own colours) take
// no cell and are never cut. A continuation row of a two-column line (the
// help: a command, two or more spaces, its description) starts under the
// description when that is in the row's left half; otherwise it is indented
// like its line, plus two cells when the line was indented, at most a third
// of the row. A word longer than a row is cut where the row ends.
import { charCells } from './text_cells.js';

const SGR = /^\x1b\[[0-9;]*m/;

// The line as tokens: {text, cells, space}; an SGR sequence joins the token after it.
function tokens(line) {
  const out = [];
  let pending = '';
  for (let i = 0; i < line.length;) {
    const sgr = line[i] === '\x1b' && SGR.exec(line.slice(i));
    if (sgr) {
      pending += sgr[0];
      i += sgr[0].length;
      continue;
    }
    const space = line[i] === ' ';
    let j = i;
    let cells = 0;
    while (j < line.length && (line[j] === ' ') === space && !(line[j] === '\x1b' && SGR.test(line.slice(j)))) {
      const ch = String.fromCodePoint(line.codePointAt(j));
      cells += charCells(ch);
      j += ch.length;
    }
    out.push({ text: pending + line.slice(i, j), cells, space });
    pending = '';
    i = j;
  }
  if (pending) out.push({ text: pending, cells: 0, space: false });
  return out;
}

// Cuts a word into pieces of at most `room` cells for the first, `columns` after.
function cut(word, room, columns) {
  const pieces = [];
  let text = '';
  let cells = 0;
  let limit = room;
  for (let i = 0; i < word.text.length;) {
    const sgr = word.text[i] === '\x1b' && SGR.exec(word.text.slice(i));
    if (sgr) {
      text += sgr[0];
      i += sgr[0].length;
      continue;
    }
    const ch = String.fromCodePoint(word.text.codePointAt(i));
    const w = charCells(ch);
    if (cells + w > limit && cells > 0) {
      pieces.push({ text, cells, space: false });
      text = '';
      cells = 0;
      limit = columns;
    }
    text += ch;
    cells += w;
    i += ch.length;
  }
  pieces.push({ text, cells, space: false });
  return pieces;
}

function wrapLine(line, columns) {
  const all = tokens(line);
  const leading = all.length && all[0].space ? all[0].cells : 0;
  let indent = Math.min(leading + (leading > 0 ? 2 : 0), Math.floor(columns / 3));
  let column = 0;  // where the description of a two-column line starts
  for (const [k, token] of all.entries()) {
    column += token.cells;
    if (k > 0 && token.space && token.cells >= 2 && k + 1 < all.length) {
      if (leading > 0 && column <= columns / 2) indent = column;
      break;
    }
  }
  const rows = [];
  let row = '';
  let cells = 0;
  let gap = null;  // spaces seen since the last word, written only if a word follows on this row
  const breakRow = () => {
    rows.push(row);
    row = ' '.repeat(indent);
    cells = indent;
    gap = null;
  };
  for (const token of all) {
    if (token.space) {
      if (cells === 0 && rows.length === 0) {  // the line's own indent
        row += token.text;
        cells += token.cells;
      } else {
        gap = token;
      }
      continue;
    }
    const before = gap ? gap.cells : 0;
    if (cells + before + token.cells <= columns) {
      if (gap) row += gap.text;
      row += token.text;
      cells += before + token.cells;
      gap = null;
      continue;
    }
    if (gap) row += (gap.text.match(/\x1b\[[0-9;]*m/g) || []).join('');  // the spaces go, their colours stay
    if (cells > indent || rows.length === 0 && cells > 0) breakRow();
    if (token.cells <= columns - cells) {
      row += token.text;
      cells += token.cells;
      continue;
    }
    const pieces = cut(token, columns - cells, columns);
    pieces.forEach((piece, k) => {
      if (k > 0) {
        rows.push(row);
        row = '';
        cells = 0;
      }
      row += piece.text;
      cells += piece.cells;
    });
  }
  rows.push(row);
  return rows;
}

// text: lines separated by '\n'. Returns it with every row at most `columns` cells.
export function wrapText(text, columns) {
  if (columns < 2) return text;
  return text.split('\n').map((line) => wrapLine(line, columns).join('\n')).join('\n');
}
