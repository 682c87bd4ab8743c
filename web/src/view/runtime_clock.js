// The runtime's clock as the page can know it, so the live timeline keeps
// moving while nothing happens (a task Pending for seconds shows as seconds).
// Event times are ms since the runtime started. Best: asyncplay_status()'s
// `now`, on the events' clock, moved on by the page's clock since it was
// read. A runtime build without `now`: an estimate from the batches of
// events, whose offset between the clocks is at least (event time − page
// time at receipt) for every batch, so the largest is the best and never
// runs ahead of the runtime.
export class RuntimeClock {
  constructor() {
    this.offset = null;   // from the batches
    this.anchor = null;   // {runtime, page}: the last status `now` and when the page saw it
  }

  saw(lastEventTime, pageNow) {
    const offset = lastEventTime - pageNow;
    if (this.offset === null || offset > this.offset) this.offset = offset;
  }

  // statusNow: the status's `now` (anything not a finite number is ignored);
  // pageNow: when the page first saw it. The same `now` seen again later is
  // the same reading, not a newer one.
  sawStatus(statusNow, pageNow) {
    if (typeof statusNow !== 'number' || !Number.isFinite(statusNow) || statusNow < 0) return;
    if (this.anchor && this.anchor.runtime === statusNow) return;
    this.anchor = { runtime: statusNow, page: pageNow };
  }

  now(lastEventTime, pageNow = performance.now()) {
    if (this.anchor) return Math.max(lastEventTime, this.anchor.runtime + Math.max(0, pageNow - this.anchor.page));
    return this.offset === null ? lastEventTime : Math.max(lastEventTime, pageNow + this.offset);
  }
}
