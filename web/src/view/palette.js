// The view's colours, in one place: style.css reads them as CSS variables
// (--ap-<name>, set by applyPalette), the timeline's canvas reads them here.
// `pairs` lists every foreground drawn on every background; the unit test
// checks each reaches WCAG AA (4.5:1), so a colour cannot drift below it.

export const palette = {
  bg: '#1e1e1e',         // the view and the timeline's canvas (the terminal's own)
  panel: '#252526',      // pane headers, the controls bar, table header
  raised: '#333337',     // buttons
  followed: '#243447',   // the followed task's row and lane
  highlight: '#3f3512',  // the source line of the parked co_await
  text: '#d4d4d4',
  muted: '#a8a8a8',      // line numbers, captions, axis labels
  accent: '#7cc4ff',     // links, the "live" state, the followed lane's label
  running: '#6cb6ff',    // a poll still running
  pending: '#e5c07b',    // a poll that returned Pending; the parked line
  ready: '#8fd694',      // a poll that returned Ready
  wake: '#d7a6f0',       // wake arrows and their causes
  warn: '#ffab70',       // lints; "paused"
  focus: '#ffd866',      // keyboard focus outline
  keyword: '#9cdcfe',    // co_await / co_return in the source
  comment: '#9aa98f',    // comments in the source
  string: '#e8a488',     // string literals in the source
};

const FOREGROUNDS = ['text', 'muted', 'accent', 'running', 'pending', 'ready', 'wake', 'warn', 'focus', 'keyword', 'comment', 'string'];
const BACKGROUNDS = ['bg', 'panel', 'raised', 'followed', 'highlight'];

// Every foreground on every background: the simplest rule that cannot miss a
// combination the CSS or the canvas happens to use.
export const pairs = FOREGROUNDS.flatMap((fg) => BACKGROUNDS.map((bg) => [fg, bg]));

export function applyPalette(element, colours = palette) {
  for (const [name, value] of Object.entries(colours)) element.style.setProperty(`--ap-${name}`, value);
}
