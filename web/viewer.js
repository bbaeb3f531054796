// Viewer: one camera's viewer WebSocket (/ws/viewer/<id>), its reconnects,
// and the state a person sees: connecting, live, offline or reconnecting.

import { segmentKind } from './fmp4.js';
import { LivePlayer } from './player.js';

export const CAMERA_ID = /^[A-Za-z0-9_-]{1,64}$/;

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 5000;
const NO_VIDEO_MS = 3000; // open socket but no fragment for this long: offline
const STUCK_MS = 5000; // fragments arrive but none gets appended: start over
const TICK_MS = 200;

export function viewerUrl(cameraId, loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const path = cameraId === 'default' ? '/ws/viewer' : `/ws/viewer/${encodeURIComponent(cameraId)}`;
  return `${scheme}://${loc.host}${path}`;
}

export class Viewer {
  // onChange(): state, text or stats changed.
  constructor(video, cameraId, { onChange = () => {} } = {}) {
    this.video = video;
    this.cameraId = cameraId;
    this.onChange = onChange;
    this.state = 'connecting';
    this.text = 'Connecting…';
    this.socket = null;
    this.player = null;
    this.playerSocket = null; // the socket whose stream the player plays
    this.backoffMs = BACKOFF_MIN_MS;
    this.retryTimer = 0;
    this.tickTimer = 0;
    this.openedAt = 0;
    this.lastActivityAt = 0; // last fragment, init or status from the server
    this.lastFragmentAt = 0;
    this.lastInitAt = 0;
    this.lastAppendedAt = 0;
    this.appendTimes = []; // for fps
    this.stats = {
      camera: cameraId,
      state: this.state,
      framesAppended: 0,
      fragmentsReceived: 0,
      fragmentsDropped: 0,
      delayMs: NaN,
      fps: 0,
      codec: null,
      width: 0,
      height: 0,
      serverState: null, // last "status" the server sent
      reconnects: 0,
      firstLiveMs: null,
    };
  }

  start() {
    if (!CAMERA_ID.test(this.cameraId)) {
      this.setState('offline', 'Invalid camera id');
      return;
    }
    this.connect();
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
  }

  stop() {
    clearInterval(this.tickTimer);
    clearTimeout(this.retryTimer);
    this.closeSocket();
    this.dropPlayer();
    this.video.removeAttribute('src');
    this.video.load();
  }

  connect() {
    this.retryTimer = 0;
    let socket;
    try {
      socket = new WebSocket(viewerUrl(this.cameraId));
    } catch (error) {
      console.warn('camstream: cannot open viewer socket', error);
      this.scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      this.backoffMs = BACKOFF_MIN_MS;
      this.openedAt = this.lastActivityAt = performance.now();
      this.setState('connecting', 'Waiting for video…');
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.handleText(event.data);
      else this.handleBinary(event.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleReconnect();
    };
    this.socket = socket;
  }

  scheduleReconnect() {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.stats.reconnects++;
    this.setState('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  closeSocket() {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close();
    }
  }

  // Start over with a fresh connection (the server begins it with an init
  // segment and a keyframe), keeping the last picture until new video lands.
  restart(reason) {
    console.warn(`camstream: restarting playback: ${reason}`);
    this.dropPlayer();
    this.closeSocket();
    this.scheduleReconnect();
  }

  handleText(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not ours to understand
    }
    if (message?.type === 'init') {
      this.lastActivityAt = performance.now();
      const codec = String(message.codec ?? 'avc1.42E01E');
      Object.assign(this.stats, {
        codec,
        width: Number(message.width) || 0,
        height: Number(message.height) || 0,
      });
      this.ensurePlayer();
      if (!this.player.setCodec(codec)) {
        this.setState('offline', `This browser cannot play ${codec}`);
      }
      this.onChange();
    } else if (message?.type === 'status') {
      this.lastActivityAt = performance.now();
      this.stats.serverState = message.state ?? null;
      if (message.state === 'offline') this.setState('offline', 'Camera offline');
      else if (message.state === 'online' && this.state !== 'live') {
        this.setState('connecting', 'Camera online, starting…');
      }
    }
  }

  handleBinary(data) {
    const kind = segmentKind(data);
    if (kind === 'init') {
      this.lastActivityAt = this.lastInitAt = performance.now();
      this.ensurePlayer(); // an init segment without init text: be lenient
      this.player.appendInit(data);
    } else if (kind === 'media') {
      this.lastActivityAt = this.lastFragmentAt = performance.now();
      this.stats.fragmentsReceived++;
      if (this.player && this.playerSocket === this.socket) this.player.appendFragment(data);
    }
  }

  // A player belongs to one connection: timestamps only increase within one.
  ensurePlayer() {
    if (this.player && this.playerSocket === this.socket) return;
    this.dropPlayer();
    this.playerSocket = this.socket;
    this.appendTimes = [];
    this.player = new LivePlayer(this.video, {
      onFragment: () => this.fragmentAppended(),
      onError: (error) => this.restart(error.message),
    });
  }

  dropPlayer() {
    if (!this.player) return;
    this.stats.fragmentsDropped += this.player.dropped;
    this.player.destroy();
    this.player = null;
    this.playerSocket = null;
  }

  fragmentAppended() {
    const now = performance.now();
    this.lastAppendedAt = now;
    this.stats.framesAppended++;
    this.appendTimes.push(now);
    if (this.state !== 'live') this.setState('live', 'Live');
  }

  tick() {
    const now = performance.now();
    const delay = this.player ? this.player.tick() : NaN;
    this.stats.delayMs = Number.isFinite(delay) ? Math.round(delay * 1000) : NaN;
    while (this.appendTimes.length && now - this.appendTimes[0] > 1000) this.appendTimes.shift();
    this.stats.fps = this.appendTimes.length;

    if (this.socket?.readyState === WebSocket.OPEN) {
      const quiet = now - this.lastActivityAt;
      if ((this.state === 'live' || this.state === 'connecting') && quiet > NO_VIDEO_MS) {
        this.setState('offline', 'No video from camera');
      }
      const lastGood = Math.max(this.lastAppendedAt, this.lastInitAt, this.openedAt);
      if (this.player && this.lastFragmentAt - lastGood > STUCK_MS) {
        this.restart('video arrives but does not play');
        return;
      }
    }
    this.onChange();
  }

  setState(state, text) {
    const changed = state !== this.state || text !== this.text;
    this.state = this.stats.state = state;
    this.text = text;
    // Milliseconds from the page's navigation start to the first live picture.
    if (state === 'live' && this.stats.firstLiveMs === null) {
      this.stats.firstLiveMs = Math.round(performance.now());
    }
    if (changed) this.onChange();
  }
}
