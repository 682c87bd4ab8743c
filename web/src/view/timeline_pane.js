// The timeline pane: the canvas, its zoom and live buttons, and a range
// slider over what was recorded. While live, the right edge is now; dragging
// the plot, the slider or the arrow keys move it back (the tasks and source
// then show the state at that moment); Live returns to following.
import { el, setText } from './dom.js';
import { say } from './strings.js';
import { paint, prepare } from './timeline_canvas.js';
import { GEOMETRY, laneAt, layoutTimeline } from './timeline_layout.js';
import { formatMs } from './units.js';

const MIN_SPAN = 0.2;      // ms across the plot, zoomed in
const MAX_SPAN = 600000;   // ten minutes, zoomed out
const ZOOM = 1.6;

export class TimelinePane {
  constructor(container, { colours, onFollow, table }) {
    this.colours = colours;
    this.onFollow = onFollow;
    this.strings = table;
    this.live = true;
    this.end = 0;          // the right edge while not live
    this.span = 200;       // ms across the plot
    this.range = { start: 0, now: 0 };
    this.layout = null;
    this.key = '';
    const button = (text, hint, action) => el('button', { type: 'button', class: 'ap-button', title: hint, onclick: action }, text);
    this.liveButton = button(say('live', {}, table), say('liveHint', {}, table), () => this.goLive());
    this.slider = el('input', { type: 'range', class: 'ap-scrub', min: 0, max: 1, step: 'any', value: 1,
                                'aria-label': say('scrubLabel', {}, table) });
    this.slider.addEventListener('input', () => this.scrubTo(Number(this.slider.value)));
    this.asOf = el('span', { class: 'ap-asof', 'aria-live': 'off' });
    const tools = el('div', { class: 'ap-tools' },
      button('−', say('zoomOut', {}, table), () => this.zoom(ZOOM)),
      button('+', say('zoomIn', {}, table), () => this.zoom(1 / ZOOM)),
      button(say('zoomFit', {}, table), say('zoomFitHint', {}, table), () => this.fit()),
      this.liveButton, this.slider, this.asOf);
    tools.querySelectorAll('button')[0].setAttribute('aria-label', say('zoomOut', {}, table));
    tools.querySelectorAll('button')[1].setAttribute('aria-label', say('zoomIn', {}, table));
    this.canvas = el('canvas', { class: 'ap-canvas', role: 'img', tabindex: 0, 'aria-label': '' });
    this.scroller = el('div', { class: 'ap-canvas-box' }, this.canvas);
    const legend = el('p', { class: 'ap-legend' },
      el('span', { class: 'ap-pending' }, say('legendPending', {}, table)),
      el('span', { class: 'ap-ready' }, say('legendReady', {}, table)),
      el('span', { class: 'ap-wake' }, say('legendWake', {}, table)));
    container.append(tools, legend, this.scroller);
    this.listen();
  }

  listen() {
    const c = this.canvas;
    c.addEventListener('wheel', (event) => {
      event.preventDefault();
      const rect = c.getBoundingClientRect();
      this.zoom(event.deltaY > 0 ? ZOOM : 1 / ZOOM, event.clientX - rect.left);
    }, { passive: false });
    let drag = null;
    c.addEventListener('pointerdown', (event) => {
      drag = { x: event.clientX, end: this.live ? this.edge() : this.end, moved: false };
      c.setPointerCapture(event.pointerId);
    });
    c.addEventListener('pointermove', (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      if (Math.abs(dx) > 3) drag.moved = true;
      if (drag.moved) this.scrubTo(drag.end - (dx * this.span) / this.plotWidth());
    });
    c.addEventListener('pointerup', (event) => {
      if (drag && !drag.moved && this.layout) {
        const id = laneAt(this.layout, event.clientY - c.getBoundingClientRect().top);
        if (id) this.onFollow(id);
      }
      drag = null;
    });
    c.addEventListener('keydown', (event) => {
      const actions = {
        '+': () => this.zoom(1 / ZOOM), '=': () => this.zoom(1 / ZOOM), '-': () => this.zoom(ZOOM),
        ArrowLeft: () => this.scrubTo((this.live ? this.edge() : this.end) - this.span / 10),
        ArrowRight: () => { if (!this.live) this.scrubTo(this.end + this.span / 10); },
        Home: () => this.scrubTo(this.range.start + this.span), End: () => this.goLive(),
      };
      if (actions[event.key]) {
        event.preventDefault();
        actions[event.key]();
      }
    });
  }

  plotWidth() { return Math.max(1, this.scroller.clientWidth - GEOMETRY.label); }

  // The moment shown: now while live, else the scrubbed time.
  moment() { return this.live ? this.range.now : this.end; }

  // The right edge of the plot. While live it moves with the clock, but
  // stops a quarter of the window past the last event when nothing happens,
  // so a command that ended a second ago is still in view.
  // Scrubbed back, the moment is the right edge, except near the start of
  // the recording, where the window stops and the moment's line moves left.
  edge() {
    if (!this.live) return Math.max(this.end, this.range.start + this.span * 0.95);
    return Math.min(this.range.now, Math.max(this.range.last, this.range.start) + this.span / 4);
  }

  scrubTo(t) {
    const { start, now } = this.range;
    const clamped = Math.min(Math.max(t, start), now);
    this.live = clamped >= now;
    this.end = clamped;
  }

  goLive() { this.live = true; }

  // factor > 1 zooms out; around the pointer at x (CSS px) if given, else the right edge.
  zoom(factor, x = null) {
    const span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, this.span * factor));
    if (x !== null && x > GEOMETRY.label && !this.live) {
      const end = this.edge();
      const at = end - this.span + ((x - GEOMETRY.label) / this.plotWidth()) * this.span;
      this.scrubTo(at + ((end - at) * span) / this.span);
    }
    this.span = span;
  }

  // Everything recorded in view: live, the right edge then stops a quarter
  // of the window past the last event (edge()).
  fit() {
    const { start, last } = this.range;
    this.span = Math.min(MAX_SPAN, Math.max(MIN_SPAN, ((last - start) / 0.74) || this.span));
    this.goLive();
  }

  // range: {start, last, now}: the first and last event's times and the
  // runtime's clock; paints when anything changed.
  draw(store, state, { range, followed, dpr }) {
    this.range = range;
    if (!this.live && this.end > range.now) this.end = range.now;
    const end = this.edge();
    const cut = this.moment();
    const width = this.scroller.clientWidth;
    const key = [store.version, end, cut, this.span, followed, width, dpr, this.live].join();
    if (key === this.key || width === 0) return this.layout;
    this.key = key;
    this.layout = layoutTimeline(store, state, { end, cut, span: this.span, width, followed });
    paint(prepare(this.canvas, width, this.layout.height, dpr), this.layout, this.colours, { scrubbed: !this.live, table: this.strings });
    const full = range.now - range.start;
    this.slider.value = full > 0 ? String(cut) : '1';
    this.slider.min = String(range.start);
    this.slider.max = String(Math.max(range.now, range.start + 1e-3));
    const asOf = this.live ? say('asOfLive', {}, this.strings) : say('asOf', { t: formatMs(cut, this.strings) }, this.strings);
    setText(this.asOf, asOf);
    this.liveButton.setAttribute('aria-pressed', String(this.live));
    const c = this.layout.counts;
    this.canvas.setAttribute('aria-label', say('timelineSummary', {
      asOf, lanes: c.lanes, pending: c.pending, ready: c.ready, arrows: c.arrows, span: formatMs(this.span, this.strings),
    }, this.strings));
    return this.layout;
  }
}
