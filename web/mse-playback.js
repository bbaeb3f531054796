// A tile's MSE path: the viewer WebSocket's fMP4 into a MediaSource (or a
// ManagedMediaSource) on a video element; reconnects with backoff; the state a
// person sees (connecting, live, offline, reconnecting) and the tile's figures,
// among them the true delay: how long ago the server received the picture now
// on screen, by the server's clock.

import { ReceiveTimes, serverClock, wallNow } from './clock.js';
import { LiveBuffer } from './live-buffer.js';
import { RateMeter, median } from './rates.js';
import { ViewerStream, viewerUrl } from './viewer-stream.js';

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 5000;
const NO_VIDEO_MS = 3000; // open socket but nothing from the server for this long: offline
const STUCK_MS = 5000; // fragments arrive but none gets appended: start over
const STALL_MS = 3000; // fragments are appended but the playhead stands still: start over
const RESYNC_MS = 1000; // waiting this long for a keyframe: a new connection brings one at once
const TICK_MS = 200;
const DELAY_SAMPLES = 5; // the delay shown is the median of the last second's samples

export class MsePlayback {
  // managed: use ManagedMediaSource. onChange(): state or figures changed.
  // onUnplayable(codec): the server's codec cannot be played here.
  constructor(video, cameraId, { managed = false, onChange = () => {}, onUnplayable = () => {}, onAutoplayBlocked = () => {} } = {}) {
    this.video = video;
    this.cameraId = cameraId;
    this.managed = managed;
    this.MediaSourceImpl = managed ? window.ManagedMediaSource : window.MediaSource;
    this.callbacks = { onChange, onUnplayable, onAutoplayBlocked };
    this.state = 'idle';
    this.text = 'Paused';
    this.running = false;
    this.stream = null; // the ViewerStream
    this.buffer = null; // its LiveBuffer, made at the first init message
    this.backoffMs = BACKOFF_MIN_MS;
    this.retryTimer = 0;
    this.resyncTimer = 0;
    this.tickTimer = 0;
    this.frameCallback = 0;
    this.receiveTimes = new ReceiveTimes();
    this.rates = new RateMeter();
    this.delaySamples = [];
    this.presented = null; // {mediaTime, at}: the last frame requestVideoFrameCallback saw
    this.figures = { width: 0, height: 0, codec: null, framesAppended: 0, fragmentsReceived: 0, dropped: 0, reconnects: 0, serverState: null, firstLiveMs: null, behindEdgeMs: NaN, delayMs: NaN };
    this.onVideoError = () => {
      if (this.buffer) this.restart(`video element: ${describeMediaError(video.error)}`);
    };
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.video.addEventListener('error', this.onVideoError);
    this.connect();
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.watchFrames();
  }

  // Closes the connection (the server stops sending at once); keeps the last
  // picture on screen.
  stop() {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.tickTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.resyncTimer);
    this.video.removeEventListener('error', this.onVideoError);
    if (this.frameCallback) this.video.cancelVideoFrameCallback?.(this.frameCallback);
    this.frameCallback = 0;
    this.closeStream();
    this.setState('idle', 'Paused');
  }

  // Also lets go of the picture: for a tile that goes away.
  destroy() {
    this.stop();
    this.dropBuffer();
    this.video.removeAttribute('src');
    this.video.load();
  }

  get stats() {
    const f = this.figures;
    const now = wallNow();
    return {
      state: this.state,
      text: this.text,
      width: f.width || this.video.videoWidth || 0,
      height: f.height || this.video.videoHeight || 0,
      codec: f.codec,
      fps: Math.round(this.rates.perSecond(now) * 10) / 10,
      kbps: Math.round(this.rates.kbps(now)),
      delayMs: f.delayMs, // shown: the median of the last second's samples
      delayNowMs: this.delayNow(), // this instant, unsmoothed
      behindEdgeMs: f.behindEdgeMs,
      clockUncertaintyMs: serverClock.uncertaintyMs,
      framesAppended: f.framesAppended,
      fragmentsReceived: f.fragmentsReceived,
      dropped: f.dropped + (this.buffer?.dropped ?? 0),
      reconnects: f.reconnects,
      lastRestart: f.lastRestart ?? null, // why playback last started over, for whoever debugs
      serverState: f.serverState,
      firstLiveMs: f.firstLiveMs,
      currentTime: this.video.currentTime,
    };
  }

  // -- connection --

  connect() {
    this.retryTimer = 0;
    if (!this.running) return;
    this.closeStream();
    const sink = {
      open: () => {
        this.backoffMs = BACKOFF_MIN_MS;
        this.openedAt = this.lastActivityAt = performance.now();
        this.lastAppendedAt = 0;
        if (this.state !== 'live') this.setState('connecting', 'Waiting for video…');
      },
      close: () => {
        this.stream = null;
        this.scheduleReconnect();
      },
      status: (state) => {
        this.lastActivityAt = performance.now();
        this.figures.serverState = state;
        if (state === 'offline') this.setState('offline', 'Camera offline');
        else if (this.state !== 'live') this.setState('connecting', 'Camera online, starting…');
      },
      init: ({ codec, width, height }) => {
        this.lastActivityAt = performance.now();
        Object.assign(this.figures, { codec, width, height });
        if (codec && !this.MediaSourceImpl.isTypeSupported(`video/mp4; codecs="${codec}"`)) {
          this.callbacks.onUnplayable(codec);
          return;
        }
        this.ensureBuffer().setCodec(codec ?? 'avc1.42E01E');
        this.callbacks.onChange();
      },
      initSegment: (data) => {
        this.lastActivityAt = this.lastInitAt = performance.now();
        this.ensureBuffer().appendInit(data);
      },
      fragment: (data, prft) => {
        const now = performance.now();
        this.lastActivityAt = this.lastFragmentAt = now;
        this.figures.fragmentsReceived++;
        this.rates.add(data.byteLength, wallNow());
        if (!this.buffer) return;
        if (prft) this.receiveTimes.add(prft.mediaTime / this.buffer.timescale, prft.receivedMs);
        this.buffer.appendFragment(data);
      },
    };
    try {
      this.stream = new ViewerStream(viewerUrl(this.cameraId, window.location), sink, { clock: serverClock });
    } catch (error) {
      console.warn('camstream: cannot open viewer socket', error);
      this.scheduleReconnect();
    }
  }

  scheduleReconnect() {
    if (!this.running || this.retryTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.figures.reconnects++;
    if (this.state !== 'offline') this.setState('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  closeStream() {
    this.stream?.close();
    this.stream = null;
  }

  // Start over with a fresh connection (the server begins it with an init
  // segment and a keyframe), keeping the last picture until new video lands.
  restart(reason) {
    console.warn(`camstream ${this.cameraId}: restarting playback: ${reason}`);
    this.figures.lastRestart = reason;
    this.dropBuffer();
    this.closeStream();
    this.scheduleReconnect();
  }

  // A buffer, and so a MediaSource, belongs to one connection: timestamps only
  // increase within one.
  ensureBuffer() {
    if (this.buffer && this.bufferStream === this.stream) return this.buffer;
    this.dropBuffer();
    const mediaSource = new this.MediaSourceImpl();
    if (this.managed) {
      // ManagedMediaSource plays only with remote playback off (or an AirPlay source).
      this.video.disableRemotePlayback = true;
    }
    this.objectUrl = URL.createObjectURL(mediaSource);
    this.video.src = this.objectUrl;
    this.bufferStream = this.stream;
    this.receiveTimes.clear();
    if (this.managed) {
      // The browser says when it wants data (battery, memory): between
      // endstreaming and startstreaming the connection is closed, so the
      // server stops sending; startstreaming reconnects at the live edge.
      mediaSource.addEventListener('endstreaming', () => {
        if (mediaSource !== this.mediaSource || !this.stream) return;
        this.heldByBrowser = true;
        this.closeStream();
      });
      mediaSource.addEventListener('startstreaming', () => {
        if (mediaSource !== this.mediaSource || !this.heldByBrowser) return;
        this.heldByBrowser = false;
        if (this.running) this.connect();
      });
    }
    this.mediaSource = mediaSource;
    this.buffer = new LiveBuffer(mediaSource, this.video, {
      onFragment: () => this.fragmentAppended(),
      onResync: (reason) => this.waitForKeyframe(reason),
      onError: (error) => this.restart(error.message),
      onAutoplayBlocked: () => this.callbacks.onAutoplayBlocked(),
    });
    return this.buffer;
  }

  dropBuffer() {
    if (!this.buffer) return;
    this.figures.dropped += this.buffer.dropped;
    this.buffer.destroy();
    this.buffer = null;
    this.bufferStream = null;
    this.mediaSource = null;
    this.heldByBrowser = false;
    URL.revokeObjectURL(this.objectUrl);
  }

  // The server makes a keyframe for a new connection, not on request: rather
  // than wait for one, reconnect if none comes soon.
  waitForKeyframe(reason) {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      if (this.buffer?.dropping && !this.heldByBrowser) this.restart(`no keyframe after ${reason}`);
    }, RESYNC_MS);
  }

  fragmentAppended() {
    this.lastAppendedAt = performance.now();
    this.figures.framesAppended++;
    // Appends queued before stop() still land; they do not make a paused tile live.
    if (this.running && this.state !== 'live') {
      if (this.figures.firstLiveMs === null) this.figures.firstLiveMs = Math.round(performance.now());
      this.setState('live', 'Live');
    }
  }

  // -- figures --

  // requestVideoFrameCallback says which frame is on screen; currentTime is
  // the fallback where it does not exist.
  watchFrames() {
    if (typeof this.video.requestVideoFrameCallback !== 'function') return;
    const onFrame = (_now, metadata) => {
      this.presented = { mediaTime: metadata.mediaTime, at: performance.now() };
      if (this.running) this.frameCallback = this.video.requestVideoFrameCallback(onFrame);
    };
    this.frameCallback = this.video.requestVideoFrameCallback(onFrame);
  }

  onScreenMediaTime() {
    const p = this.presented;
    // Trust the frame callback only while it keeps up with the frames: some
    // engines (WebKitGTK) call it every second or two, with a picture long
    // replaced; currentTime is then the better guess (and within a frame of
    // the truth where the callback does keep up).
    const frameMs = (this.buffer?.frameInterval ?? 0.04) * 1000;
    if (p && performance.now() - p.at < Math.max(100, 2.5 * frameMs)) return p.mediaTime;
    return this.video.currentTime;
  }

  // How long ago the server received the frame on screen, by its clock; NaN
  // before there is video, prft or a server clock.
  delayNow() {
    const received = this.state === 'live' ? this.receiveTimes.receivedAt(this.onScreenMediaTime()) : null;
    return received !== null && serverClock.known ? Math.round(serverClock.serverNow() - received) : NaN;
  }

  tick() {
    const now = performance.now();
    const behind = this.buffer ? this.buffer.tick() : NaN;
    this.figures.behindEdgeMs = Number.isFinite(behind) ? Math.round(behind * 1000) : NaN;

    const delay = this.delayNow();
    if (Number.isFinite(delay)) {
      this.delaySamples.push(delay);
      if (this.delaySamples.length > DELAY_SAMPLES) this.delaySamples.shift();
      this.figures.delayMs = Math.round(median(this.delaySamples));
    } else {
      this.delaySamples = [];
      this.figures.delayMs = NaN;
    }

    if (this.stream?.socket.readyState === 1) {
      if ((this.state === 'live' || this.state === 'connecting') && now - this.lastActivityAt > NO_VIDEO_MS) {
        this.setState('offline', 'No video from camera');
      }
      const lastGood = Math.max(this.lastAppendedAt || 0, this.lastInitAt || 0, this.openedAt || 0);
      if (this.buffer && this.lastFragmentAt - lastGood > STUCK_MS) {
        this.restart('video arrives but does not play');
        return;
      }
      // Some engines (WebKitGTK after a second init segment) stop playing
      // with new video in the buffer and no error: a new connection and
      // MediaSource gets them going again.
      const t = this.video.currentTime;
      if (t !== this.lastTime || this.state !== 'live' || this.video.paused) {
        this.lastTime = t;
        this.lastMoveAt = now;
      } else if (now - this.lastMoveAt > STALL_MS && now - (this.lastAppendedAt || 0) < 1000) {
        this.lastMoveAt = now;
        this.restart('the playhead stands still while video arrives');
        return;
      }
    }
    this.callbacks.onChange();
  }

  setState(state, text) {
    const changed = state !== this.state || text !== this.text;
    this.state = state;
    this.text = text;
    if (changed) this.callbacks.onChange();
  }
}

function describeMediaError(error) {
  if (!error) return 'unknown error';
  const names = { 1: 'aborted', 2: 'network', 3: 'decode', 4: 'source not supported' };
  return `${names[error.code] ?? error.code}${error.message ? `: ${error.message}` : ''}`;
}
