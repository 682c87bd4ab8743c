// The terminal's theme and the page's own colours reach WCAG AA (4.5:1 for
// text, 3:1 for the key bar's borders) on what they are drawn on; the page
// prints nothing in SGR 2 (dim: half opacity, below 4.5:1 whatever the
// colour), and style.css takes the page's colours from the palette.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contrastRatio } from '../../web/src/view/contrast.js';
import { pageColours, pagePairs, TERMINAL_TEXT, terminalTheme } from '../../web/src/page_palette.js';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src');

test('every text colour of the terminal theme reaches 4.5:1 on the background, selected text on the selection', () => {
  const low = TERMINAL_TEXT.map((name) => [name, contrastRatio(terminalTheme[name], terminalTheme.background)])
    .filter(([, r]) => r < 4.5).map(([name, r]) => `${name}: ${r.toFixed(2)}`);
  assert.deepEqual(low, []);
  assert.ok(TERMINAL_TEXT.length >= 16, 'the ANSI colours are all set');
  assert.ok(contrastRatio(terminalTheme.selectionForeground, terminalTheme.selectionBackground) >= 4.5);
  assert.ok(contrastRatio(terminalTheme.red, terminalTheme.background) > contrastRatio('#cc0000', '#1e1e1e'));
});

test('the page\'s colours reach 4.5:1 where they are drawn, the key borders 3:1', () => {
  const low = pagePairs.map(([fg, bg]) => [fg, bg, contrastRatio(pageColours[fg], pageColours[bg])])
    .filter(([, , r]) => r < 4.5).map(([fg, bg, r]) => `${fg} on ${bg}: ${r.toFixed(2)}`);
  assert.deepEqual(low, []);
  assert.ok(contrastRatio(pageColours.keyBorder, pageColours.statusBg) >= 3);
  assert.ok(contrastRatio(pageColours.keyBorder, pageColours.keyBg) >= 3);
});

test('the page never prints dim text, and its stylesheet takes its colours from the palette', () => {
  for (const file of readdirSync(web).filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(web, file), 'utf8');
    assert.doesNotMatch(text, /\\x1b\[(?:[0-9;]*;)?2(?:;[0-9;]*)?m/, `${file} prints SGR 2`);
  }
  const css = readFileSync(path.join(web, 'style.css'), 'utf8');
  const page = css.slice(0, css.indexOf('/* the live view'));
  const literal = page.replace(/var\(--page-bg, #1e1e1e\)/, '').match(/#[0-9a-f]{3,8}\b/gi) ?? [];
  assert.deepEqual(literal, [], 'colours come from --page-* variables');
  for (const m of page.matchAll(/var\(--page-([a-z-]+)/g)) {
    const key = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    assert.ok(key in pageColours, `--page-${m[1]}`);
  }
  const main = readFileSync(path.join(web, 'main.js'), 'utf8');
  assert.match(main, /theme: terminalTheme/, 'the terminal is given the theme');
});
