// A tile's last-resort path: the camera's own JPEGs (multipart MJPEG) in an
// <img>, which every browser can show. Where fetch can stream a response, the
// page reads the parts itself and shows each JPEG as it lands: that gives fps
// and bitrate, and a picture canvases can read in every engine (some draw only
// the first part of a multipart image). Elsewhere the <img> loads the stream
// directly.

import { wallNow } from './clock.js';
import { MultipartReader, boundaryOf } from './multipart.js';
import { RateMeter } from './rates.js';
import { TilePlayback } from './tile-playback.js';

const NO_PICTURE_MS = 3000; // no part for this long: the camera is not sending

const canStream = () => typeof fetch === 'function' && typeof ReadableStream === 'function' && typeof AbortController === 'function';

export class MjpegPlayback extends TilePlayback {
  constructor(img, cameraId, { onChange = () => {} } = {}) {
    super(onChange);
    this.img = img;
    this.cameraId = cameraId;
    this.checkTimer = 0;
    this.controller = null;
    this.rates = new RateMeter();
    this.lastPartAt = 0;
    this.pending = null; // the newest JPEG not yet shown
    this.painting = false;
    this.shownUrl = null;
    this.reconnects = 0;
    this.firstLiveMs = null;
    this.onImgError = () => this.retry('image error');
  }

  get url() {
    return `/api/cameras/${encodeURIComponent(this.cameraId)}/mjpeg`;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.load();
    this.checkTimer = setInterval(() => this.check(), 250);
  }

  stop() {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    clearInterval(this.checkTimer);
    this.abort();
    this.setState('idle', 'Paused');
  }

  destroy() {
    this.stop();
    this.img.removeAttribute('src');
    if (this.shownUrl) URL.revokeObjectURL(this.shownUrl);
    this.shownUrl = null;
  }

  setServerState(state) {
    const was = this.serverState;
    this.serverState = state;
    if (!this.running) return;
    if (state === 'offline') this.setState('offline', 'Camera offline');
    else if (state === 'online' && was === 'offline' && performance.now() - this.lastPartAt > 1000) this.load();
  }

  abort() {
    this.controller?.abort();
    this.controller = null;
    this.img.removeEventListener('error', this.onImgError);
    if (this.img.getAttribute('src') === this.url) this.img.removeAttribute('src'); // closes a direct stream
  }

  load() {
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    if (!this.running) return;
    this.abort();
    this.lastPartAt = performance.now();
    if (this.serverState === 'offline') this.setState('offline', 'Camera offline');
    else this.setState(this.state === 'live' ? 'live' : 'connecting', this.state === 'live' ? this.text : 'Loading…');
    if (canStream() && !this.direct) {
      this.read(new AbortController());
    } else {
      this.img.addEventListener('error', this.onImgError);
      this.img.src = this.url;
    }
  }

  async read(controller) {
    this.controller = controller;
    let parts = 0;
    try {
      const response = await fetch(this.url, { signal: controller.signal, cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const boundary = boundaryOf(response.headers.get('content-type'));
      if (!response.body || !boundary) throw new Error('not a multipart stream');
      const reader = response.body.getReader();
      const multipart = new MultipartReader(boundary);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const part of multipart.push(value)) {
          parts++;
          this.received(part.body);
        }
      }
      if (this.controller === controller) this.retry('stream ended');
    } catch (error) {
      if (this.controller !== controller || controller.signal.aborted) return;
      // Some engines (WebKitGTK) refuse a multipart response to fetch: if the
      // stream never gave a part, let the <img> load it directly instead.
      if (parts === 0 && !this.fellBack) {
        this.fellBack = true;
        this.direct = true;
        console.info(`camstream ${this.cameraId}: MJPEG through fetch failed (${error.message}); loading it in the <img>`);
        this.load();
        return;
      }
      this.retry(error.message);
    }
  }

  received(jpeg) {
    this.lastPartAt = performance.now();
    this.resetBackoff();
    this.rates.add(jpeg.byteLength, wallNow());
    this.pending = jpeg;
    if (!this.painting) this.paint();
  }

  // One JPEG decoding at a time; parts that arrive meanwhile replace each
  // other, so a slow device shows the newest picture rather than a backlog.
  async paint() {
    this.painting = true;
    while (this.pending && this.running) {
      const url = URL.createObjectURL(new Blob([this.pending], { type: 'image/jpeg' }));
      this.pending = null;
      this.img.src = url;
      try {
        await this.img.decode();
      } catch {
        // A damaged JPEG: the next one replaces it.
      }
      if (this.shownUrl) URL.revokeObjectURL(this.shownUrl);
      this.shownUrl = url;
      if (this.state !== 'live' && this.serverState !== 'offline') {
        if (this.firstLiveMs === null) this.firstLiveMs = Math.round(performance.now());
        this.setState('live', 'Live');
      }
    }
    this.painting = false;
  }

  retry(reason) {
    if (!this.running || this.retryTimer) return;
    this.abort();
    const delay = this.nextBackoff();
    this.reconnects++;
    if (this.serverState === 'offline') this.setState('offline', 'Camera offline');
    else this.setState('reconnecting', `Reconnecting in ${(delay / 1000).toFixed(1)} s… (${reason})`);
    this.retryTimer = setTimeout(() => this.load(), delay);
  }

  check() {
    const direct = this.img.getAttribute('src') === this.url;
    if (this.serverState === 'offline') {
      if (this.state !== 'offline') this.setState('offline', 'Camera offline');
    } else if (direct) {
      if (this.img.naturalWidth > 0 && this.state === 'connecting') this.setState('live', 'Live');
    } else if (this.state === 'live' && performance.now() - this.lastPartAt > NO_PICTURE_MS) {
      this.setState('offline', 'No pictures from camera');
    }
    this.onChange();
  }

  get stats() {
    const now = wallNow();
    const direct = this.img.getAttribute('src') === this.url;
    return {
      state: this.state,
      text: this.text,
      width: this.img.naturalWidth,
      height: this.img.naturalHeight,
      fps: direct ? NaN : Math.round(this.rates.perSecond(now) * 10) / 10,
      kbps: direct ? NaN : Math.round(this.rates.kbps(now)),
      delayMs: NaN, // the parts carry no receive time
      reconnects: this.reconnects,
      serverState: this.serverState,
      firstLiveMs: this.firstLiveMs,
    };
  }
}
