// Keys a phone's on-screen keyboard does not have, as a row of buttons under
// the terminal on touch screens: Ctrl-C, Tab and the arrows. Each sends
// what the terminal would send for that key to the line editor. Buttons take
// no focus (the terminal keeps it, and with it the on-screen keyboard) and
// are at least 44 px square (style.css), WCAG's size for touch targets.

import en from './lang/en.js';
import { say } from './view/strings.js';

// name: the catalogue's id for what a screen reader calls the button.
export const KEYS = [
  { label: 'Ctrl-C', name: 'keyCtrlC', data: '\x03' },
  { label: 'Tab', name: 'keyTab', data: '\t' },
  { label: '↑', name: 'keyUp', data: '\x1b[A' },
  { label: '↓', name: 'keyDown', data: '\x1b[B' },
  { label: '←', name: 'keyLeft', data: '\x1b[D' },
  { label: '→', name: 'keyRight', data: '\x1b[C' },
];

export function isTouchScreen(win = window) {
  return (typeof win.matchMedia === 'function' && win.matchMedia('(pointer: coarse)').matches) || 'ontouchstart' in win;
}

// element: the bar's container; send(data): to the line editor.
export function createKeyBar(element, send, { touch = isTouchScreen(), table = en } = {}) {
  element.hidden = !touch;
  if (!touch) return;
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', say('keysLabel', {}, table));
  for (const key of KEYS) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'key';
    button.textContent = key.label;
    button.setAttribute('aria-label', say(key.name, {}, table));
    button.addEventListener('pointerdown', (event) => event.preventDefault());  // keep the terminal's focus
    button.addEventListener('click', () => send(key.data));
    element.append(button);
  }
}
