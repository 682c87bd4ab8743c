// Durations and times in words: "0.04 ms", "12.3 ms", "1.20 s", "850 µs".
import { say } from './strings.js';

// The number with the catalogue's decimal point ("1.20" / "1,20").
const fixed = (v, digits, table) => v.toFixed(digits).replace('.', say('decimalPoint', {}, table));

export function formatMs(ms, table) {
  if (!Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  if (abs >= 1000) return say('s', { v: fixed(ms / 1000, abs >= 10000 ? 1 : 2, table) }, table);
  if (abs >= 10) return say('ms', { v: fixed(ms, 1, table) }, table);
  if (abs >= 1 || abs === 0) return say('ms', { v: fixed(ms, 2, table) }, table);
  return say('us', { v: Math.round(ms * 1000) }, table);
}

export function basename(file) {
  return typeof file === 'string' ? file.slice(file.lastIndexOf('/') + 1) : '';
}
