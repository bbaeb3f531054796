// A tile's last-resort path: the camera's own JPEGs as multipart MJPEG in an
// <img>, which every browser shows. It has no timing of its own: state comes
// from the image loading and the wall's camera list, and the figures are size
// only.

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 8000;

export class MjpegPlayback {
  constructor(img, cameraId, { onChange = () => {} } = {}) {
    this.img = img;
    this.cameraId = cameraId;
    this.onChange = onChange;
    this.state = 'idle';
    this.text = 'Paused';
    this.running = false;
    this.serverState = null;
    this.backoffMs = BACKOFF_MIN_MS;
    this.retryTimer = 0;
    this.checkTimer = 0;
    this.reconnects = 0;
    this.firstLiveMs = null;
    this.onError = () => this.retry();
  }

  get url() {
    return `/api/cameras/${encodeURIComponent(this.cameraId)}/mjpeg`;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.img.addEventListener('error', this.onError);
    this.load();
    this.checkTimer = setInterval(() => this.check(), 250);
  }

  stop() {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    clearInterval(this.checkTimer);
    this.img.removeEventListener('error', this.onError);
    this.img.removeAttribute('src'); // closes the stream
    this.setState('idle', 'Paused');
  }

  destroy() {
    this.stop();
  }

  setServerState(state) {
    const was = this.serverState;
    this.serverState = state;
    if (!this.running) return;
    if (state === 'offline') this.setState('offline', 'Camera offline');
    else if (state === 'online' && was === 'offline') this.load();
  }

  load() {
    this.retryTimer = 0;
    if (!this.running) return;
    this.loaded = false;
    this.img.removeAttribute('src');
    this.img.src = this.url;
    if (this.serverState === 'offline') this.setState('offline', 'Camera offline');
    else this.setState('connecting', 'Loading…');
  }

  retry() {
    if (!this.running || this.retryTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.reconnects++;
    if (this.serverState === 'offline') this.setState('offline', 'Camera offline');
    else this.setState('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s…`);
    this.retryTimer = setTimeout(() => this.load(), delay);
  }

  check() {
    if (this.serverState === 'offline') {
      if (this.state !== 'offline') this.setState('offline', 'Camera offline');
    } else if (this.img.naturalWidth > 0 && this.img.src && this.state !== 'live' && this.state !== 'reconnecting') {
      this.backoffMs = BACKOFF_MIN_MS;
      if (this.firstLiveMs === null) this.firstLiveMs = Math.round(performance.now());
      this.setState('live', 'Live');
    }
    this.onChange();
  }

  get stats() {
    return {
      state: this.state,
      text: this.text,
      width: this.img.naturalWidth,
      height: this.img.naturalHeight,
      fps: NaN,
      kbps: NaN,
      delayMs: NaN,
      reconnects: this.reconnects,
      serverState: this.serverState,
      firstLiveMs: this.firstLiveMs,
    };
  }

  setState(state, text) {
    const changed = state !== this.state || text !== this.text;
    this.state = state;
    this.text = text;
    if (changed) this.onChange();
  }
}
