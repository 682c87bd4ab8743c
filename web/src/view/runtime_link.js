// The WebAssembly exports the view uses (docs/TRACE_EVENTS.md, "The page's
// controls"), each guarded: an older runtime build without them leaves the
// view empty and its buttons disabled, it never throws into the page.

const EXPORTS = {
  take: '_asyncplay_take_events',
  pause: '_asyncplay_pause',
  play: '_asyncplay_play',
  step: '_asyncplay_step',
  delay: '_asyncplay_set_delay',
  clear: '_asyncplay_clear_events',
  trace: '_asyncplay_chrome_trace',
};

export class RuntimeLink {
  constructor(runtime) {
    this.runtime = runtime;
    this.failures = 0;   // calls that threw or returned what is not JSON
    this.lastError = '';
  }

  has(what) {
    return !!this.runtime && typeof this.runtime[EXPORTS[what]] === 'function' &&
           typeof this.runtime.UTF8ToString === 'function';
  }

  get streams() { return this.has('take'); }

  call(what, ...args) {
    if (!this.has(what)) return null;
    try {
      return this.runtime[EXPORTS[what]](...args);
    } catch (error) {
      this.failures += 1;
      this.lastError = String(error && error.message ? error.message : error);
      return null;
    }
  }

  // The events since the last call, parsed; [] when there is nothing or the
  // text was not JSON (counted in failures); null when the build has no stream.
  take() {
    if (!this.streams) return null;
    const pointer = this.call('take');
    if (!pointer) return [];
    let text;
    try {
      text = this.runtime.UTF8ToString(pointer);
      return JSON.parse(text);
    } catch (error) {
      this.failures += 1;
      this.lastError = `asyncplay_take_events: ${error.message}`;
      return [];
    }
  }

  pause() { return this.call('pause') !== null; }
  play() { return this.call('play') !== null; }
  // 1 if a task was polled, 0 if none was ready, null without the export.
  step() { return this.call('step'); }
  setDelay(ms) { return this.call('delay', ms) !== null; }
  clear() { return this.call('clear') !== null; }

  // The Chrome trace JSON text, or null.
  chromeTrace() {
    const pointer = this.call('trace');
    if (!pointer) return null;
    try {
      return this.runtime.UTF8ToString(pointer);
    } catch {
      this.failures += 1;
      return null;
    }
  }
}
