// Which part of a long command line the editor draws. The editor redraws the
// line from the prompt's first row, so prompt and line must fit on the
// screen; a longer line (a 5,000-character post) is kept whole but drawn as
// a window around the cursor, with '…' where text is out of sight. The
// window moves by half its size, so it does not shift at every key.
import { layout } from './text_cells.js';

const MORE = '…';

// Rows prompt + chars take once drawn, the cursor's row after a full last row included.
export function rowsTaken(chars, columns) {
  const end = layout(chars, columns).pop();
  return end.row + 1 + (end.column >= columns ? 1 : 0);
}

// prompt, chars: arrays of code points; cursor: index into chars.
// Returns {chars: what to draw after the prompt, cursor: the cursor's index in it}.
export function lineWindow(prompt, chars, cursor, columns, rows) {
  if (rowsTaken([...prompt, ...chars], columns) <= rows) return { chars, cursor };
  for (let capacity = rows * columns - prompt.length - 2 - columns; capacity > 0; capacity -= columns) {
    const step = Math.max(1, Math.floor(capacity / 2));
    let start = Math.floor(cursor / step) * step;
    let end = Math.min(chars.length, start + capacity);
    if (end - start < capacity) start = Math.max(0, end - capacity);
    if (cursor < start) continue;
    const shown = [...(start > 0 ? [MORE] : []), ...chars.slice(start, end), ...(end < chars.length ? [MORE] : [])];
    if (rowsTaken([...prompt, ...shown], columns) <= rows) {
      return { chars: shown, cursor: cursor - start + (start > 0 ? 1 : 0) };
    }
  }
  // A screen too small for any window: the cursor's character alone.
  return { chars: chars.slice(cursor, cursor + 1), cursor: 0 };
}
