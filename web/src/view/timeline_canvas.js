// Paints a timeline layout (timeline_layout.js) on a 2D canvas, sharp on
// hi-DPI screens. Pending and Ready differ in shape as well as colour: a
// poll that returned Pending ends in a pause sign (two bars), one that
// returned Ready ends in a diamond; a poll still running has an open end.
import { GEOMETRY } from './timeline_layout.js';
import { say } from './strings.js';
import { formatMs } from './units.js';

const FONT = '11px ui-monospace, "DejaVu Sans Mono", monospace';

// Sizes the canvas's backing store for the device pixel ratio; returns the
// context with CSS-pixel coordinates.
export function prepare(canvas, width, height, dpr) {
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

function fitText(ctx, text, width) {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function arrow(ctx, a, colour) {
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  ctx.arc(a.x0, a.y0, 2.5, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(a.x0, a.y0);
  ctx.lineTo(a.x1, a.y1);
  ctx.stroke();
  const angle = Math.atan2(a.y1 - a.y0, a.x1 - a.x0);
  ctx.beginPath();
  ctx.moveTo(a.x1, a.y1);
  ctx.lineTo(a.x1 - 7 * Math.cos(angle - 0.45), a.y1 - 7 * Math.sin(angle - 0.45));
  ctx.lineTo(a.x1 - 7 * Math.cos(angle + 0.45), a.y1 - 7 * Math.sin(angle + 0.45));
  ctx.closePath();
  ctx.fill();
}

// layout: from layoutTimeline; colours: the palette; scrubbed: draw the
// "as of" line at the right edge.
export function paint(ctx, layout, colours, { scrubbed = false, table } = {}) {
  const { width, height, lanes } = layout;
  const label = GEOMETRY.label;
  ctx.fillStyle = colours.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';

  for (const lane of lanes) {
    if (lane.followed) {
      ctx.fillStyle = colours.followed;
      ctx.fillRect(0, lane.y, width, lane.height);
    }
    ctx.fillStyle = colours.raised;
    ctx.fillRect(0, lane.y + lane.height - 1, width, 1);
  }
  // The axis: a tick and its time every `step`.
  ctx.fillStyle = colours.panel;
  ctx.fillRect(0, 0, width, GEOMETRY.axis);
  for (const tick of layout.ticks) {
    ctx.fillStyle = colours.raised;
    ctx.fillRect(Math.round(tick.x), GEOMETRY.axis, 1, height - GEOMETRY.axis);
    ctx.fillStyle = colours.muted;
    ctx.fillText(formatMs(tick.t, table), tick.x + 3, GEOMETRY.axis / 2);
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(label, GEOMETRY.axis, width - label, height - GEOMETRY.axis);
  ctx.clip();
  ctx.strokeStyle = colours.muted;
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 3]);
  for (const p of layout.parked) {
    ctx.beginPath();
    ctx.moveTo(p.x0, p.y + 0.5);
    ctx.lineTo(p.x1, p.y + 0.5);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  for (const m of layout.marks) {
    ctx.fillStyle = colours[m.kind];
    ctx.fillRect(m.x, m.y, m.w, m.h);
    const end = m.x + m.w;
    const mid = m.y + m.h / 2;
    if (m.kind === 'pending') {
      ctx.fillRect(end + 2, m.y + 2, 2, m.h - 4);
      ctx.fillRect(end + 5, m.y + 2, 2, m.h - 4);
    } else if (m.kind === 'ready') {
      ctx.beginPath();
      ctx.moveTo(end + 1, mid);
      ctx.lineTo(end + 5, mid - 5);
      ctx.lineTo(end + 9, mid);
      ctx.lineTo(end + 5, mid + 5);
      ctx.closePath();
      ctx.fill();
    }
  }
  ctx.strokeStyle = colours.wake;
  for (const d of layout.dots) {
    ctx.beginPath();
    ctx.arc(d.x, d.y, 3, 0, Math.PI * 2);
    ctx.stroke();
  }
  let lastLabel = -Infinity;
  for (const a of layout.arrows) {
    arrow(ctx, a, colours.wake);
    // The cause's kind beside an arrow that starts on the events lane, when there is room.
    if (a.fromEvents && a.x0 - lastLabel > 70) {
      ctx.fillStyle = colours.wake;
      ctx.fillText(say(`cause-${a.kind}`, {}, table), a.x0 + 4, a.y0 - 6);
      lastLabel = a.x0;
    }
  }
  ctx.restore();

  if (scrubbed) {  // the moment the table and the source show
    ctx.fillStyle = colours.accent;
    ctx.fillRect(Math.min(layout.cursor ?? width, width) - 2, GEOMETRY.axis, 2, height - GEOMETRY.axis);
  }
  // Lane labels last, over a panel so a long name never runs into the plot.
  ctx.fillStyle = colours.panel;
  ctx.fillRect(0, GEOMETRY.axis, label - 4, height - GEOMETRY.axis);
  for (const lane of lanes) {
    ctx.fillStyle = lane.followed ? colours.followed : colours.panel;
    ctx.fillRect(0, lane.y, label - 4, lane.height - 1);
    ctx.fillStyle = lane.id === 0 ? colours.wake : lane.followed ? colours.accent : colours.text;
    ctx.fillText(fitText(ctx, lane.id === 0 ? say('eventsLane', {}, table) : lane.label, label - 12), 6, lane.y + lane.height / 2);
  }
}
