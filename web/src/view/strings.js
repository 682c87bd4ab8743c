// say() and count(): the words of a catalogue, with their {params} filled in.
// {name} is replaced by params.name; ids ending in _one / _other are chosen by
// count() for a number.

// The view's words live in the page's catalogues (web/src/lang/): English
// is the default table; main.js passes the chosen language's.
import en from '../lang/en.js';

export const strings = en;

export function say(id, params = {}, table = strings) {
  const text = table[id] ?? strings[id] ?? id;
  return text.replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

export function count(id, n, params = {}, table = strings) {
  return say(`${id}_${n === 1 ? 'one' : 'other'}`, { ...params, n }, table);
}
