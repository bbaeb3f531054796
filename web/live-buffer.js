// LiveBuffer: feeds one viewer connection's fMP4 stream into a MediaSource and
// keeps playback at the live edge: a queue in front of the SourceBuffer (it
// takes one operation at a time), a full buffer (QuotaExceededError) or a
// backlog answered by skipping to a keyframe, played video trimmed behind the
// playhead, and the playhead chased forward by playbackRate or a seek.
//
// No DOM here: the MediaSource and the media element come in from outside
// (node's unit tests pass fakes), so the page's element code only wires it up.
//
// One LiveBuffer lives as long as one WebSocket: the server keeps decode
// timestamps increasing on a connection (also across camera reconnects and
// size changes), so every init segment of that connection goes into the same
// SourceBuffer. The server only makes a keyframe when a viewer needs one (a new
// connection), so after dropping anything LiveBuffer asks, through onResync,
// for a new connection rather than waiting for a keyframe that may never come.

import { fragmentTiming, mediaTimescale, startsWithKeyframe, trexDefaults } from './fmp4.js';

export const TUNING = {
  maxQueued: 50, // fragments waiting for the SourceBuffer (~2 s at 25 fps)
  keepBehind: 10, // seconds of played video kept in the buffer
  trimSlack: 2, // trim once this much more than keepBehind has piled up
  jumpAbove: 1.0, // seconds behind the live edge that make us seek to it
  jumpMargin: 0.05, // how far behind the edge such a seek lands
  maxRate: 1.1, // fastest catch-up playbackRate
  rateGain: 1.0, // playbackRate added per second of delay over the target
  gapFactor: 2.5, // a decode time jump of more than this many frame durations is a gap
};

export const mimeFor = (codec) => `video/mp4; codecs="${codec}"`;

export class LiveBuffer {
  // mediaSource: a MediaSource or ManagedMediaSource, already attached to media.
  // media: the video element (currentTime, playbackRate, paused, seeking, play()).
  // onFragment({decodeTime, duration, key}): a media fragment was appended (seconds).
  // onResync(reason): fragments are being dropped until a keyframe; a new
  //   connection gets one sooner.
  // onError(error): playback cannot go on; the caller should start over.
  // onAutoplayBlocked(): play() was refused until the user interacts.
  constructor(mediaSource, media, { onFragment = () => {}, onResync = () => {}, onError = () => {}, onAutoplayBlocked = () => {}, tuning = TUNING } = {}) {
    this.mediaSource = mediaSource;
    this.media = media;
    this.callbacks = { onFragment, onResync, onError, onAutoplayBlocked };
    this.tuning = tuning;
    this.queue = []; // {kind: 'init'|'media'|'remove', ...} waiting for the SourceBuffer
    this.queuedMedia = 0;
    this.current = null; // the operation the SourceBuffer is busy with
    this.sourceBuffer = null;
    this.mime = null; // of the SourceBuffer
    this.nextMime = null; // of the next init segment
    this.trex = { duration: 0, flags: null }; // sample defaults of the last init segment
    this.timescale = 90000;
    this.expectedNext = null; // decode time (ticks) the next fragment should have
    this.dropping = false; // skipping fragments until the next keyframe or init
    this.held = false; // a ManagedMediaSource said endstreaming: append nothing
    this.needsStart = false; // seek to the new data once it lands
    this.frameInterval = 0.04; // seconds between fragments, smoothed
    this.lastFragmentAt = 0;
    this.appended = 0;
    this.dropped = 0;
    this.playPending = false;
    this.closed = false;

    this.listeners = {
      sourceopen: () => this.pump(),
      // ManagedMediaSource: the browser says when it wants data (power, memory).
      endstreaming: () => {
        this.held = true;
      },
      startstreaming: () => {
        this.held = false;
        this.pump();
      },
    };
    for (const [type, fn] of Object.entries(this.listeners)) mediaSource.addEventListener(type, fn);
  }

  // The codec announced by the server's init text message; applies to the next
  // init segment.
  setCodec(codec) {
    this.nextMime = mimeFor(codec);
  }

  appendInit(data) {
    if (this.closed) return;
    this.dropping = false;
    this.needsStart = true;
    this.expectedNext = null;
    this.queue.push({ kind: 'init', data, mime: this.nextMime ?? this.mime ?? mimeFor('avc1.42E01E') });
    this.trex = trexDefaults(data);
    this.timescale = mediaTimescale(data) || this.timescale;
    this.pump();
  }

  appendFragment(data, now = Date.now()) {
    if (this.closed) return;
    if (this.lastFragmentAt) {
      const interval = Math.min(Math.max((now - this.lastFragmentAt) / 1000, 0.01), 0.2);
      this.frameInterval += (interval - this.frameInterval) * 0.1;
    }
    this.lastFragmentAt = now;

    const key = startsWithKeyframe(data, this.trex.flags) === true;
    const timing = fragmentTiming(data, this.trex.duration);
    if (this.held) return this.drop('the browser paused streaming');
    if (!key && timing && this.expectedNext !== null) {
      const gap = timing.decodeTime - this.expectedNext;
      if (gap > this.tuning.gapFactor * Math.max(timing.duration, 1)) return this.drop('gap in decode times');
    }
    if (this.dropping) {
      if (!key) return this.drop();
      this.dropping = false;
    }
    if (timing) this.expectedNext = timing.decodeTime + timing.duration;
    this.queue.push({ kind: 'media', data, key, timing });
    this.queuedMedia++;
    if (this.queuedMedia > this.tuning.maxQueued) this.skipBacklog();
    this.pump();
  }

  // Called a few times a second: keeps the playhead at the live edge and the
  // buffer short. Returns how far behind the buffered end the playhead is,
  // in seconds, or NaN before there is video.
  tick() {
    if (this.closed) return NaN;
    const buffered = this.bufferedRanges();
    if (!buffered || buffered.length === 0) return NaN;
    const media = this.media;
    const last = buffered.length - 1;
    const end = buffered.end(last);
    let time = media.currentTime;

    if (!media.seeking && (end - time > this.tuning.jumpAbove || stuckBeforeGap(buffered, time))) {
      time = this.jumpToLiveEdge();
    }

    const behind = end - time;
    const target = Math.min(Math.max(1.5 * this.frameInterval, 0.04), 0.3);
    const rate = Math.min(Math.max(1 + (behind - target) * this.tuning.rateGain, 1), this.tuning.maxRate);
    if (Math.abs(media.playbackRate - rate) > 0.005) media.playbackRate = rate;

    const start = buffered.start(0);
    const trimTo = time - this.tuning.keepBehind;
    if (trimTo - start > this.tuning.trimSlack && !this.queue.some((op) => op.kind === 'remove')) {
      this.queue.push({ kind: 'remove', start: 0, end: trimTo });
      this.pump();
    }

    if (media.paused && !this.playPending) this.play();
    return behind;
  }

  destroy() {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedMedia = 0;
    for (const [type, fn] of Object.entries(this.listeners)) this.mediaSource.removeEventListener(type, fn);
    if (this.sourceBuffer) this.sourceBuffer.removeEventListener('updateend', this.onUpdateEnd);
  }

  // -- internals --

  drop(reason) {
    this.dropped++;
    if (reason && !this.dropping) {
      this.dropping = true;
      this.callbacks.onResync(reason);
    }
    this.dropping = true;
  }

  // The SourceBuffer is not keeping up: rather than grow the queue without
  // bound, skip ahead to the newest queued keyframe, or if there is none drop
  // the backlog and resume at the next keyframe (or init segment).
  skipBacklog() {
    let newestKey = -1;
    this.queue.forEach((op, i) => {
      if (op.kind === 'media' && op.key) newestKey = i;
    });
    const before = this.queuedMedia;
    this.queue = this.queue.filter((op, i) => op.kind !== 'media' || (newestKey >= 0 && i >= newestKey));
    this.queuedMedia = this.queue.filter((op) => op.kind === 'media').length;
    this.dropped += before - this.queuedMedia;
    if (newestKey < 0 || this.queuedMedia > this.tuning.maxQueued) {
      this.dropped += this.queuedMedia;
      this.queue = this.queue.filter((op) => op.kind !== 'media');
      this.queuedMedia = 0;
      this.dropping = true;
      this.callbacks.onResync('the buffer cannot keep up');
    }
  }

  bufferedRanges() {
    if (!this.sourceBuffer || this.mediaSource.readyState !== 'open') return null;
    try {
      return this.sourceBuffer.buffered;
    } catch {
      return null; // the SourceBuffer was removed from its MediaSource
    }
  }

  jumpToLiveEdge() {
    const buffered = this.bufferedRanges();
    if (!buffered || buffered.length === 0) return this.media.currentTime;
    const last = buffered.length - 1;
    const time = Math.max(buffered.start(last), buffered.end(last) - this.tuning.jumpMargin);
    this.media.currentTime = time;
    return time;
  }

  play() {
    this.playPending = true;
    const done = () => {
      this.playPending = false;
    };
    let promise;
    try {
      promise = this.media.play();
    } catch {
      return done();
    }
    if (!promise) return done();
    promise.then(done, (error) => {
      done();
      // AbortError: a newer load or pause interrupted it; tick() will retry.
      if (error?.name === 'NotAllowedError') this.callbacks.onAutoplayBlocked();
    });
  }

  pump() {
    if (this.closed || this.current || this.queue.length === 0) return;
    if (this.mediaSource.readyState !== 'open') return;
    if (this.sourceBuffer?.updating) return;

    const op = this.queue.shift();
    if (op.kind === 'media') this.queuedMedia--;
    try {
      if (op.kind === 'init') {
        this.prepareSourceBuffer(op.mime);
        this.sourceBuffer.appendBuffer(op.data);
      } else if (op.kind === 'media') {
        if (!this.sourceBuffer) return this.pump(); // no init segment yet
        this.sourceBuffer.appendBuffer(op.data);
      } else {
        if (!this.sourceBuffer || op.end <= op.start) return this.pump();
        this.sourceBuffer.remove(op.start, op.end);
      }
      this.current = op;
    } catch (error) {
      if (error?.name === 'QuotaExceededError' && op.kind === 'media') {
        // Buffer full: drop this one, free everything already played (but the
        // frame on screen), and resume at the next keyframe.
        this.drop('the buffer is full');
        this.queue = this.queue.filter((o) => o.kind !== 'media');
        this.queuedMedia = 0;
        this.queue.unshift({ kind: 'remove', start: 0, end: Math.max(this.media.currentTime - 0.5, 0) });
        return this.pump();
      }
      this.fail(error);
    }
  }

  prepareSourceBuffer(mime) {
    if (!this.sourceBuffer) {
      this.sourceBuffer = this.mediaSource.addSourceBuffer(mime);
      this.sourceBuffer.mode = 'segments'; // timestamps are absolute and increasing
      this.onUpdateEnd = () => this.updateEnded();
      this.sourceBuffer.addEventListener('updateend', this.onUpdateEnd);
      this.mime = mime;
    } else if (mime !== this.mime) {
      if (typeof this.sourceBuffer.changeType !== 'function') {
        throw new Error(`codec changed to ${mime} and this browser cannot changeType()`);
      }
      this.sourceBuffer.changeType(mime);
      this.mime = mime;
    }
  }

  updateEnded() {
    const op = this.current;
    this.current = null;
    if (this.closed) return;
    if (op?.kind === 'media') {
      this.appended++;
      if (this.needsStart) {
        this.needsStart = false;
        this.jumpToLiveEdge();
        this.play();
      }
      const t = op.timing;
      this.callbacks.onFragment({
        key: op.key,
        decodeTime: t ? t.decodeTime / this.timescale : NaN,
        duration: t ? t.duration / this.timescale : NaN,
        bytes: op.data.byteLength,
      });
    }
    this.pump();
  }

  fail(error) {
    if (this.closed) return;
    this.destroy();
    this.callbacks.onError(error);
  }
}

// True if the playhead cannot reach the newest range by playing: it is before
// that range and not inside an older one with more than a frame or two left.
export function stuckBeforeGap(ranges, time) {
  const last = ranges.length - 1;
  if (time >= ranges.start(last) - 0.001) return false;
  for (let i = 0; i < last; i++) {
    if (time >= ranges.start(i) - 0.001 && time < ranges.end(i) - 0.1) return false;
  }
  return true;
}
