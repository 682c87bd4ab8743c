// The SGR the page uses for faint text (type-ahead, notes, the trace):
// bright black, which the terminal theme (page_palette.js) keeps at 4.5:1.
// Dim (SGR 2) is drawn at half opacity by xterm.js and would not be.
export const FAINT = '\x1b[90m';
