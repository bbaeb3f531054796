// LivePlayer: plays one viewer connection's fMP4 stream through Media Source
// Extensions, as close to the live edge as the browser allows.
//
// One LivePlayer lives as long as one WebSocket: the server keeps decode
// timestamps increasing on a connection (also across camera reconnects and
// size changes), so every init segment of that connection goes into the same
// SourceBuffer. A new connection gets a new LivePlayer.
//
// Fragments go in with the server's timestamps. camstream-server stamps them
// so that MSE never sees a discontinuity that would drop frames up to the next
// keyframe (a decode-time jump of more than twice the previous sample's
// duration lands only on a keyframe), and the live-edge chase below absorbs
// jitter between the timeline and the clock.

import { startsWithKeyframe, trexDefaults } from './fmp4.js';

const MediaSourceImpl = window.ManagedMediaSource || window.MediaSource;

export const TUNING = {
  maxQueued: 50, // fragments waiting for the SourceBuffer (~2 s at 25 fps)
  keepBehind: 10, // seconds of played video kept in the buffer
  trimSlack: 2, // trim once this much more than keepBehind has piled up
  jumpAbove: 1.0, // seconds behind the live edge that make us seek to it
  jumpMargin: 0.05, // how far behind the edge such a seek lands
  maxRate: 1.1, // fastest catch-up playbackRate
  rateGain: 1.0, // playbackRate added per second of delay over the target
};

export function mimeFor(codec) {
  return `video/mp4; codecs="${codec}"`;
}

export function canPlay(codec) {
  return Boolean(MediaSourceImpl) && MediaSourceImpl.isTypeSupported(mimeFor(codec));
}

export class LivePlayer {
  // onFragment(): a media fragment was appended.
  // onError(error): playback cannot go on; the caller should start over.
  constructor(video, { onFragment = () => {}, onError = () => {} } = {}) {
    this.video = video;
    this.onFragment = onFragment;
    this.onError = onError;
    this.queue = []; // {kind: 'init'|'media'|'remove', ...} waiting for the SourceBuffer
    this.queuedMedia = 0;
    this.current = null; // the operation the SourceBuffer is busy with
    this.sourceBuffer = null;
    this.mime = null; // of the SourceBuffer
    this.nextMime = null; // of the next init segment
    this.trex = { duration: 0, flags: null }; // sample defaults of the init segment last received
    this.dropping = false; // skipping fragments until the next keyframe or init
    this.needsStart = false; // seek to the new data once it lands
    this.frameInterval = 0.04; // seconds between fragments, smoothed
    this.lastFragmentAt = 0;
    this.dropped = 0;
    this.playPending = false;
    this.closed = false;

    this.mediaSource = new MediaSourceImpl();
    if (window.ManagedMediaSource && MediaSourceImpl === window.ManagedMediaSource) {
      video.disableRemotePlayback = true; // required for ManagedMediaSource
    }
    this.objectUrl = URL.createObjectURL(this.mediaSource);
    this.mediaSource.addEventListener('sourceopen', () => this.pump(), { once: true });
    this.onVideoError = () => this.fail(new Error(`video element: ${describeMediaError(video.error)}`));
    video.addEventListener('error', this.onVideoError);
    video.src = this.objectUrl;
    this.play();
  }

  // The codec announced by the server's init text message; applies to the next
  // init segment. Returns false if this browser cannot play it.
  setCodec(codec) {
    this.nextMime = mimeFor(codec);
    return canPlay(codec);
  }

  appendInit(data) {
    if (this.closed) return;
    this.dropping = false;
    this.needsStart = true;
    this.queue.push({ kind: 'init', data, mime: this.nextMime ?? this.mime ?? mimeFor('avc1.42E01E') });
    this.trex = trexDefaults(data); // for startsWithKeyframe of fragments that follow
    this.pump();
  }

  appendFragment(data) {
    if (this.closed) return;
    const now = performance.now();
    if (this.lastFragmentAt) {
      const interval = Math.min(Math.max((now - this.lastFragmentAt) / 1000, 0.01), 0.2);
      this.frameInterval += (interval - this.frameInterval) * 0.1;
    }
    this.lastFragmentAt = now;

    const key = startsWithKeyframe(data, this.trex.flags) === true;
    if (this.dropping) {
      if (!key) {
        this.dropped++;
        return;
      }
      this.dropping = false;
    }
    this.queue.push({ kind: 'media', data, key });
    this.queuedMedia++;
    if (this.queuedMedia > TUNING.maxQueued) this.skipBacklog();
    this.pump();
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
    if (newestKey < 0 || this.queuedMedia > TUNING.maxQueued) {
      this.dropped += this.queuedMedia;
      this.queue = this.queue.filter((op) => op.kind !== 'media');
      this.queuedMedia = 0;
      this.dropping = true;
    }
  }

  // Called a few times a second: keeps the playhead at the live edge and the
  // buffer short. Returns the delay behind the live edge in seconds, or NaN.
  tick() {
    if (this.closed) return NaN;
    const buffered = this.bufferedRanges();
    if (!buffered || buffered.length === 0) return NaN;
    const video = this.video;
    const last = buffered.length - 1;
    const end = buffered.end(last);
    let time = video.currentTime;

    if (!video.seeking && (end - time > TUNING.jumpAbove || stuckBeforeGap(buffered, time))) {
      time = this.jumpToLiveEdge();
    }

    const delay = end - time;
    const target = Math.min(Math.max(1.5 * this.frameInterval, 0.04), 0.3);
    const rate = Math.min(Math.max(1 + (delay - target) * TUNING.rateGain, 1), TUNING.maxRate);
    if (Math.abs(video.playbackRate - rate) > 0.005) video.playbackRate = rate;

    const start = buffered.start(0);
    const trimTo = time - TUNING.keepBehind;
    if (trimTo - start > TUNING.trimSlack && !this.queue.some((op) => op.kind === 'remove')) {
      this.queue.push({ kind: 'remove', start: 0, end: trimTo });
      this.pump();
    }

    if (video.paused && !this.playPending) this.play();
    return delay;
  }

  destroy() {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedMedia = 0;
    this.video.removeEventListener('error', this.onVideoError);
    if (this.sourceBuffer) this.sourceBuffer.removeEventListener('updateend', this.onUpdateEnd);
    URL.revokeObjectURL(this.objectUrl);
  }

  // -- internals --

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
    if (!buffered || buffered.length === 0) return this.video.currentTime;
    const last = buffered.length - 1;
    const time = Math.max(buffered.start(last), buffered.end(last) - TUNING.jumpMargin);
    this.video.currentTime = time;
    return time;
  }

  play() {
    this.playPending = true;
    const done = () => {
      this.playPending = false;
    };
    const promise = this.video.play();
    if (!promise) return done();
    promise.then(done, (error) => {
      done();
      // AbortError: a newer load or pause interrupted it; tick() will retry.
      if (error.name === 'NotAllowedError') {
        this.video.dispatchEvent(new CustomEvent('camstream-autoplay-blocked'));
      }
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
        if (!this.sourceBuffer || op.end <= 0) return this.pump();
        this.sourceBuffer.remove(op.start, op.end);
      }
      this.current = op;
    } catch (error) {
      if (error.name === 'QuotaExceededError' && op.kind === 'media') {
        // Buffer full: drop this one, free everything already played, and
        // resume at the next keyframe.
        this.dropped++;
        this.dropping = true;
        this.queue.unshift({ kind: 'remove', start: 0, end: Math.max(this.video.currentTime - 1, 0) });
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
      if (this.needsStart) {
        this.needsStart = false;
        this.jumpToLiveEdge();
        this.play();
      }
      this.onFragment();
    }
    this.pump();
  }

  fail(error) {
    if (this.closed) return;
    this.destroy();
    this.onError(error);
  }
}

// True if the playhead cannot reach the newest range by playing: it is before
// that range and not inside an older one with more than a frame or two left.
function stuckBeforeGap(ranges, time) {
  const last = ranges.length - 1;
  if (time >= ranges.start(last) - 0.001) return false;
  for (let i = 0; i < last; i++) {
    if (time >= ranges.start(i) - 0.001 && time < ranges.end(i) - 0.1) return false;
  }
  return true;
}

function describeMediaError(error) {
  if (!error) return 'unknown error';
  const names = { 1: 'aborted', 2: 'network', 3: 'decode', 4: 'source not supported' };
  return `${names[error.code] ?? error.code}${error.message ? `: ${error.message}` : ''}`;
}
