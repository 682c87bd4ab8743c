// The keys that edit the line in place: moving the cursor and erasing.
// line: {chars (code points), cursor (index into chars)}, changed in place.
// Returns 'shorter' when text was erased, so the editor knows the line shrank.

export function edit(line, action) {
  const n = line.chars.length;
  switch (action) {
    case 'backspace':
      if (line.cursor === 0) return '';
      line.chars.splice(--line.cursor, 1);
      return 'shorter';
    case 'delete':
      if (line.cursor === n) return '';
      line.chars.splice(line.cursor, 1);
      return 'shorter';
    case 'left': line.cursor = Math.max(0, line.cursor - 1); return '';
    case 'right': line.cursor = Math.min(n, line.cursor + 1); return '';
    case 'home': line.cursor = 0; return '';
    case 'end': line.cursor = n; return '';
    case 'kill-before':
      line.chars.splice(0, line.cursor);
      line.cursor = 0;
      return 'shorter';
    case 'kill-after':
      line.chars.splice(line.cursor);
      return 'shorter';
    case 'kill-word': {
      let start = line.cursor;
      while (start > 0 && line.chars[start - 1] === ' ') start--;
      while (start > 0 && line.chars[start - 1] !== ' ') start--;
      line.chars.splice(start, line.cursor - start);
      line.cursor = start;
      return 'shorter';
    }
    default: return '';
  }
}
