// Keys a phone's on-screen keyboard does not have, as a row of buttons under
// the terminal on touch screens: Ctrl-C, Tab and the arrows. Each sends
// what the terminal would send for that key to the line editor. Buttons take
// no focus (the terminal keeps it, and with it the on-screen keyboard) and
// are at least 44 px square (style.css), WCAG's size for touch targets.

export const KEYS = [
  { label: 'Ctrl-C', name: 'Control C: cancel the running command', data: '\x03' },
  { label: 'Tab', name: 'Tab: complete the command', data: '\t' },
  { label: '↑', name: 'Up: the previous command', data: '\x1b[A' },
  { label: '↓', name: 'Down: the next command', data: '\x1b[B' },
  { label: '←', name: 'Left', data: '\x1b[D' },
  { label: '→', name: 'Right', data: '\x1b[C' },
];

export function isTouchScreen(win = window) {
  return (typeof win.matchMedia === 'function' && win.matchMedia('(pointer: coarse)').matches) || 'ontouchstart' in win;
}

// element: the bar's container; send(data): to the line editor.
export function createKeyBar(element, send, { touch = isTouchScreen() } = {}) {
  element.hidden = !touch;
  if (!touch) return;
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Keys the on-screen keyboard lacks');
  for (const key of KEYS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'key';
    button.textContent = key.label;
    button.setAttribute('aria-label', key.name);
    button.addEventListener('pointerdown', (event) => event.preventDefault());  // keep the terminal's focus
    button.addEventListener('click', () => send(key.data));
    element.append(button);
  }
}
