// The colours of the terminal and of the page around it (status line, key
// bar), in one place, so a unit test can check each reaches WCAG AA (4.5:1)
// on the background it is drawn on. xterm.js's default ANSI colours do not
// (its red, #cd3131, is 3.2:1 on our #1e1e1e), and the page prints errors in
// red, chat messages in cyan, warnings in yellow, the prompt in green and the
// trace in bright black, so every ANSI colour is set here.
//
// The page never uses SGR 2 (dim): xterm.js draws it at half opacity, which
// no palette can keep at 4.5:1. Faint text is bright black instead.

export const terminalTheme = {
  background: '#1e1e1e',
  foreground: '#d4d4d4',
  cursor: '#d4d4d4',
  cursorAccent: '#1e1e1e',
  selectionBackground: '#264f78',
  selectionForeground: '#ffffff',  // selected text is all white: red on the selection would be 3:1
  black: '#1e1e1e',                // a background colour here, never text
  red: '#ff6b6b',
  green: '#5fd77f',
  yellow: '#e5c07b',
  blue: '#6cb6ff',
  magenta: '#d7a6f0',
  cyan: '#4fd1d9',
  white: '#d4d4d4',
  brightBlack: '#a0a0a0',
  brightRed: '#ff8f8f',
  brightGreen: '#8fe6a4',
  brightYellow: '#f0d49c',
  brightBlue: '#9ccaff',
  brightMagenta: '#e6c4f7',
  brightCyan: '#8ee6eb',
  brightWhite: '#ffffff',
};

// The terminal's colours that are drawn as text on its background: everything
// but the backgrounds (black is one here) and the selection's own pair.
export const TERMINAL_TEXT = Object.keys(terminalTheme)
  .filter((name) => !['background', 'cursorAccent', 'selectionBackground', 'selectionForeground', 'black'].includes(name));

// The page around the terminal: style.css reads these as --page-<name>.
export const pageColours = {
  bg: '#1e1e1e',
  text: '#cccccc',
  statusBg: '#2d2d30',
  statusText: '#c8c8c8',
  reachable: '#8fce8f',
  unreachable: '#ff8f80',
  running: '#e5c07b',
  keyBg: '#333337',
  keyText: '#e8e8e8',
  keyBorder: '#8a8a8a',  // a border: 3:1 is what WCAG asks of it
};

// [foreground, background] pairs of pageColours as style.css draws them.
export const pagePairs = [
  ['text', 'bg'],
  ['statusText', 'statusBg'], ['reachable', 'statusBg'], ['unreachable', 'statusBg'], ['running', 'statusBg'],
  ['keyText', 'keyBg'],
];

export function applyPageColours(element, colours = pageColours) {
  for (const [name, value] of Object.entries(colours)) {
    element.style.setProperty(`--page-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
  }
}
