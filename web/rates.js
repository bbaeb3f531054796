// Frames and bytes a second over a short sliding window, and a median for
// smoothing the delay figure. No DOM here: node's unit tests use it.

export class RateMeter {
  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
    this.events = []; // {at, bytes}
    this.firstAt = null;
  }

  add(bytes, at) {
    if (this.firstAt === null) this.firstAt = at;
    this.events.push({ at, bytes });
    this.prune(at);
  }

  prune(now) {
    while (this.events.length && now - this.events[0].at > this.windowMs) this.events.shift();
  }

  // Over the window, or since the first event if that is more recent, so a
  // fresh stream does not read low for its first two seconds.
  span(now) {
    return Math.max(Math.min(this.windowMs, now - (this.firstAt ?? now)), 250);
  }

  perSecond(now) {
    this.prune(now);
    return (this.events.length * 1000) / this.span(now);
  }

  kbps(now) {
    this.prune(now);
    const bytes = this.events.reduce((sum, e) => sum + e.bytes, 0);
    return (bytes * 8) / this.span(now);
  }

  reset() {
    this.events = [];
    this.firstAt = null;
  }
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
