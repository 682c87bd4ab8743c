// Pages opened as a person would meet them: a given window size, device
// scale and (for a phone) touch; and what the person sees, read from the
// page: terminal rows as drawn, cell geometry for screenshots of one cell.
import { decodePng } from './png.mjs';
import { atFirstPrompt } from './stack.mjs';

// Opens url in a fresh context and waits for the first prompt.
// locale: the browser's language (navigator.languages), e.g. 'es-ES'.
export async function openAs(browser, url, { width = 1280, height = 800, scale = 1, touch = false, permissions = [],
                                             locale = 'en-US' } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: scale, hasTouch: touch, isMobile: touch, locale,
  });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await atFirstPrompt(await context.newPage(), url);
  page.closeAll = () => context.close();
  return page;
}

// Screenshot of `count` cells of the screen row holding `text`, from its first character.
export async function cellShot(page, text, count = text.length) {
  // The rows are drawn a frame after the text is in the terminal's buffer
  // (what waitForText reads): wait for the row itself.
  const drawn = (t) => [...document.querySelectorAll('.xterm-rows > div')]
    .some((r) => r.textContent.replace(/\u00a0/g, ' ').includes(t));
  await page.waitForFunction(drawn, text, { timeout: 5000 }).catch(() => {});
  const clip = await page.evaluate(([t, n]) => {
    const screen = document.querySelector('.xterm-screen').getBoundingClientRect();
    const rows = [...document.querySelectorAll('.xterm-rows > div')];
    const cellWidth = screen.width / window.asyncplayPage.columns();
    const index = rows.findIndex((r) => r.textContent.replace(/\u00a0/g, ' ').includes(t));
    if (index < 0) return null;
    const row = rows[index].getBoundingClientRect();
    const column = rows[index].textContent.replace(/\u00a0/g, ' ').indexOf(t);
    return { x: screen.x + column * cellWidth, y: row.y, width: cellWidth * n, height: row.height };
  }, [text, count]);
  if (!clip) throw new Error(`no row holds '${text}'`);
  return decodePng(await page.screenshot({ clip }));
}

// WCAG contrast of an rgb()/rgba() colour (blended over `bg` by its alpha and `opacity`) against bg.
export function contrastOf(cssColour, opacity, bg = [0x1e, 0x1e, 0x1e]) {
  const parts = cssColour.match(/[\d.]+/g).map(Number);
  const alpha = (parts.length > 3 ? parts[3] : 1) * opacity;
  const rgb = parts.slice(0, 3).map((c, i) => c * alpha + bg[i] * (1 - alpha));
  const lum = (c) => c.map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(rgb), lum(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

// Waits until the terminal shows `text`, however the page broke it into rows
// (a row break and the next row's indent read as one space).
export async function waitForWords(page, text, timeout = 5000) {
  try {
    await page.waitForFunction((t) => window.asyncplayPage.text().replace(/ *\n */g, ' ').includes(t), text, { timeout });
  } catch {
    throw new Error(`the page never showed '${text}':\n${await page.evaluate(() => window.asyncplayPage.text())}`);
  }
}
