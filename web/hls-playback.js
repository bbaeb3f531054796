// A tile's native HLS path: the video element plays the camera's LL-HLS
// playlist by itself (Safari without ManagedMediaSource). Its delay comes from
// the playlist's program date-times (getStartDate), which the server sets to
// its receive times.

import { serverClock } from './clock.js';
import { median } from './rates.js';
import { TilePlayback } from './tile-playback.js';

const STALL_MS = 6000; // currentTime standing still this long while it should play: reload
const START_MS = 20_000; // the first picture may take longer: the server starts the camera's HLS on demand
const TICK_MS = 250;

export class HlsPlayback extends TilePlayback {
  constructor(video, cameraId, { onChange = () => {}, onAutoplayBlocked = () => {} } = {}) {
    super(onChange);
    this.video = video;
    this.cameraId = cameraId;
    this.onAutoplayBlocked = onAutoplayBlocked;
    this.tickTimer = 0;
    this.lastTime = 0;
    this.lastMoveAt = 0;
    this.frames = []; // {at, decoded} for fps
    this.delaySamples = [];
    this.figures = { reconnects: 0, firstLiveMs: null, delayMs: NaN };
    this.onError = () => {
      if (this.running) this.retry(`video element error ${video.error?.code ?? ''}`);
    };
  }

  get url() {
    return `/hls/${encodeURIComponent(this.cameraId)}/index.m3u8`;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.video.addEventListener('error', this.onError);
    this.load();
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
  }

  stop() {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.tickTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    this.video.removeEventListener('error', this.onError);
    this.video.removeAttribute('src');
    this.video.load(); // stops the playlist requests
    this.setState('idle', 'Paused');
  }

  destroy() {
    this.stop();
  }

  // From the wall's camera list: this path has no socket of its own to say so.
  setServerState(state) {
    const was = this.serverState;
    this.serverState = state;
    if (!this.running) return;
    if (state === 'offline') this.setState('offline', 'Camera offline');
    else if (state === 'online' && was === 'offline') {
      clearTimeout(this.retryTimer);
      this.retryTimer = 0;
      this.load();
    }
  }

  load() {
    this.retryTimer = 0;
    if (!this.running) return;
    this.setState(this.serverState === 'offline' ? 'offline' : 'connecting', this.serverState === 'offline' ? 'Camera offline' : 'Loading playlist…');
    this.lastMoveAt = performance.now();
    this.video.src = this.url;
    const played = this.video.play();
    played?.catch((error) => {
      if (error?.name === 'NotAllowedError') this.onAutoplayBlocked();
    });
  }

  retry(reason) {
    if (!this.running || this.retryTimer) return;
    console.warn(`camstream ${this.cameraId}: HLS: ${reason}`);
    const delay = this.nextBackoff();
    this.figures.reconnects++;
    if (this.serverState === 'offline') this.setState('offline', 'Camera offline');
    else this.setState('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
    this.retryTimer = setTimeout(() => this.load(), delay);
  }

  tick() {
    const now = performance.now();
    const video = this.video;
    const t = video.currentTime;
    if (t !== this.lastTime) {
      this.lastTime = t;
      this.lastMoveAt = now;
      if (this.state !== 'live' && !video.paused) {
        this.resetBackoff();
        if (this.figures.firstLiveMs === null) this.figures.firstLiveMs = Math.round(now);
        this.setState('live', 'Live');
      }
    } else if (now - this.lastMoveAt > (this.state === 'live' ? STALL_MS : START_MS) && this.serverState !== 'offline') {
      this.retry('playback stalled');
    }
    if (this.state === 'live' && this.serverState === 'offline') this.setState('offline', 'Camera offline');

    const decoded = decodedFrames(video);
    this.frames.push({ at: now, decoded });
    while (this.frames.length > 2 && now - this.frames[0].at > 2000) this.frames.shift();

    const start = video.getStartDate?.().getTime();
    if (this.state === 'live' && Number.isFinite(start) && start > 0 && serverClock.known) {
      this.delaySamples.push(serverClock.serverNow() - (start + t * 1000));
      if (this.delaySamples.length > 5) this.delaySamples.shift();
      this.figures.delayMs = Math.round(median(this.delaySamples));
    } else {
      this.figures.delayMs = NaN;
    }
    this.onChange();
  }

  get stats() {
    const first = this.frames[0];
    const last = this.frames.at(-1);
    const fps = first && last && last.at > first.at ? ((last.decoded - first.decoded) * 1000) / (last.at - first.at) : 0;
    return {
      state: this.state,
      text: this.text,
      width: this.video.videoWidth,
      height: this.video.videoHeight,
      fps: Math.round(fps * 10) / 10,
      kbps: NaN, // the browser fetches the parts itself and does not say
      delayMs: this.figures.delayMs,
      reconnects: this.figures.reconnects,
      serverState: this.serverState,
      firstLiveMs: this.figures.firstLiveMs,
      currentTime: this.video.currentTime,
    };
  }
}

export function decodedFrames(video) {
  return video.getVideoPlaybackQuality?.().totalVideoFrames ?? video.webkitDecodedFrameCount ?? 0;
}
