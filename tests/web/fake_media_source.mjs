// A MediaSource, SourceBuffer and video element that behave like a browser's in what LiveBuffer
// relies on: one operation at a time (appendBuffer while updating throws), updateend after a
// turn of the event loop, buffered ranges that follow the appended fragments' decode times,
// remove(), QuotaExceededError when over a byte budget, play() that may be refused.

import { fragmentTiming, mediaTimescale, segmentKind } from '../../web/fmp4.js';

export class FakeTimeRanges {
  constructor(ranges) {
    this.ranges = ranges.map((r) => [...r]);
  }
  get length() {
    return this.ranges.length;
  }
  start(i) {
    if (i >= this.ranges.length) throw new DOMException('index', 'IndexSizeError');
    return this.ranges[i][0];
  }
  end(i) {
    if (i >= this.ranges.length) throw new DOMException('index', 'IndexSizeError');
    return this.ranges[i][1];
  }
}

export class FakeSourceBuffer extends EventTarget {
  constructor(mediaSource, mime) {
    super();
    this.mediaSource = mediaSource;
    this.mime = mime;
    this.mode = 'segments';
    this.updating = false;
    this.ranges = [];
    this.timescale = 90000;
    this.appends = []; // 'init' | decode time in seconds of each media append, in order
    this.removes = []; // [start, end]
    this.bytes = 0;
    this.quotaBytes = Infinity; // appends beyond this many bytes throw QuotaExceededError
    this.mimes = [mime];
  }

  get buffered() {
    return new FakeTimeRanges(this.ranges);
  }

  begin() {
    if (this.updating) throw new DOMException('SourceBuffer is updating', 'InvalidStateError');
    if (this.mediaSource.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
  }

  finish() {
    this.updating = true;
    setTimeout(() => {
      this.updating = false;
      this.dispatchEvent(new Event('update'));
      this.dispatchEvent(new Event('updateend'));
    }, 0);
  }

  appendBuffer(data) {
    this.begin();
    if (this.bytes + data.byteLength > this.quotaBytes) throw new DOMException('buffer full', 'QuotaExceededError');
    this.bytes += data.byteLength;
    if (segmentKind(data) === 'init') {
      this.timescale = mediaTimescale(data) || this.timescale;
      this.appends.push('init');
    } else {
      const t = fragmentTiming(data);
      const start = t.decodeTime / this.timescale;
      this.appends.push(start);
      this.add(start, start + t.duration / this.timescale);
    }
    this.finish();
  }

  remove(start, end) {
    this.begin();
    this.removes.push([start, end]);
    const kept = [];
    for (const [a, b] of this.ranges) {
      if (b <= start || a >= end) kept.push([a, b]);
      else {
        if (a < start) kept.push([a, start]);
        if (b > end) kept.push([end, b]);
      }
    }
    this.ranges = kept;
    this.bytes = 0; // a removal frees (roughly) everything for the quota's sake
    this.finish();
  }

  changeType(mime) {
    this.mimes.push(mime);
    this.mime = mime;
  }

  add(start, end) {
    const ranges = [...this.ranges, [start, end]].sort((x, y) => x[0] - y[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged.at(-1);
      if (last && r[0] <= last[1] + 0.001) last[1] = Math.max(last[1], r[1]);
      else merged.push([...r]);
    }
    this.ranges = merged;
  }
}

export class FakeMediaSource extends EventTarget {
  static isTypeSupported(mime) {
    return /codecs="avc1\./.test(mime);
  }

  constructor() {
    super();
    this.readyState = 'closed';
    this.sourceBuffers = [];
  }

  // What attaching to a video element does in a browser, some time later.
  open() {
    this.readyState = 'open';
    this.dispatchEvent(new Event('sourceopen'));
  }

  addSourceBuffer(mime) {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
    const sb = new FakeSourceBuffer(this, mime);
    this.sourceBuffers.push(sb);
    return sb;
  }
}

export class FakeManagedMediaSource extends FakeMediaSource {
  constructor() {
    super();
    this.streaming = false;
  }
  setStreaming(on) {
    this.streaming = on;
    this.dispatchEvent(new Event(on ? 'startstreaming' : 'endstreaming'));
  }
}

export class FakeVideo {
  constructor({ refusePlay = false } = {}) {
    this.currentTime = 0;
    this.playbackRate = 1;
    this.paused = true;
    this.seeking = false;
    this.refusePlay = refusePlay;
    this.plays = 0;
  }
  play() {
    this.plays++;
    if (this.refusePlay) return Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'));
    this.paused = false;
    return Promise.resolve();
  }
}

// Lets pending updateend events (and anything they start) run.
export const settle = async (turns = 5) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
