// Durations and times in words: "0.04 ms", "12.3 ms", "1.20 s", "850 µs".
import { say } from './strings.js';

export function formatMs(ms, table) {
  if (!Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  if (abs >= 1000) return say('s', { v: (ms / 1000).toFixed(abs >= 10000 ? 1 : 2) }, table);
  if (abs >= 10) return say('ms', { v: ms.toFixed(1) }, table);
  if (abs >= 1 || abs === 0) return say('ms', { v: ms.toFixed(2) }, table);
  return say('us', { v: Math.round(ms * 1000) }, table);
}

export function basename(file) {
  return typeof file === 'string' ? file.slice(file.lastIndexOf('/') + 1) : '';
}
