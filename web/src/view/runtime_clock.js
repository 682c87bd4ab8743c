// The runtime's clock as the page can know it: event times are ms since the
// runtime started, and the page only sees them when it takes them. The
// offset between the two clocks is at least (event time − page time at
// receipt) for every batch, so the largest such value is the best estimate
// and never runs ahead of the runtime. Lets the live timeline keep moving
// while nothing happens (a task Pending for seconds shows as seconds).
export class RuntimeClock {
  constructor() { this.offset = null; }

  saw(lastEventTime, pageNow) {
    const offset = lastEventTime - pageNow;
    if (this.offset === null || offset > this.offset) this.offset = offset;
  }

  now(lastEventTime, pageNow = performance.now()) {
    return this.offset === null ? lastEventTime : Math.max(lastEventTime, pageNow + this.offset);
  }
}
