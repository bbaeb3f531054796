// <camstream-player camera="id">: one camera, live, with its status, figures
// and controls, on whichever path this browser plays best (see paths.js).
//
//   camera     the camera id
//   path       force a path: mse, managed-mse, hls or mjpeg (if the browser has it)
//   overlay    show the delay big over the picture, for people measuring it
//   grace-ms   how long the tile may be out of sight before its stream closes (3000)
//
// element.stats: {camera, path, state, delayMs, fps, kbps, framesDecoded, ...}
// element.serverState = 'online' | 'offline': what the server's camera list says.
// Fires 'camstream-state' (bubbles) when its state changes.
//
// A tile that nobody can see (scrolled away, hidden by the wall's focus, or in
// a background tab) closes its stream after the grace period, so the server
// stops work for it, and reconnects at the live edge when it is seen again.

import { HlsPlayback, decodedFrames } from './hls-playback.js';
import { MjpegPlayback } from './mjpeg-playback.js';
import { MsePlayback } from './mse-playback.js';
import { PATH_LABELS, browserEnv, choosePath, nextPath } from './paths.js';

const GRACE_MS = 3000;
const STATE_TEXT = { connecting: 'Connecting', live: 'Live', offline: 'Offline', reconnecting: 'Reconnecting', idle: 'Paused' };

const ICONS = {
  snapshot:
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 7h3l2-2.5h6L17 7h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" stroke-width="1.8"/><circle cx="12" cy="13" r="3.6" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>',
  fullscreen:
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>',
};

let stylesAdded = false;
function addStyles() {
  if (stylesAdded) return;
  stylesAdded = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('./camstream-player.css', import.meta.url).href;
  document.head.append(link);
}

const formatNumber = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
function formatRate(kbps) {
  if (!Number.isFinite(kbps)) return '– kb/s';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

export class CamstreamPlayer extends HTMLElement {
  static observedAttributes = ['camera', 'path', 'overlay'];

  constructor() {
    super();
    this.playback = null;
    this.path = null;
    this.pathNote = null;
    this.visible = false;
    this.pageVisible = !document.hidden;
    this.graceTimer = 0;
    this._serverState = null;
    this.lastState = null;
    this.shown = {}; // text last written to each part, so unchanged figures cost nothing
    this.onVisibility = () => {
      this.pageVisible = !document.hidden;
      this.updateWatching();
    };
  }

  get camera() {
    return this.getAttribute('camera') ?? 'default';
  }

  connectedCallback() {
    addStyles();
    if (!this.parts) this.build();
    this.setupPlayback();
    this.observer = new IntersectionObserver((entries) => {
      this.visible = entries.at(-1).isIntersecting;
      this.updateWatching();
    });
    this.observer.observe(this);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearTimeout(this.graceTimer);
    this.playback?.destroy();
    this.playback = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.parts) return;
    if (name === 'overlay') this.render();
    else if (this.isConnected) this.setupPlayback();
  }

  set serverState(state) {
    this._serverState = state;
    this.playback?.setServerState?.(state);
    this.render();
  }

  get serverState() {
    return this._serverState;
  }

  get stats() {
    const s = this.playback?.stats ?? { state: 'idle' };
    const media = this.path === 'mjpeg' ? null : this.parts?.video;
    return {
      camera: this.camera,
      path: this.path,
      pathNote: this.pathNote,
      ...s,
      framesDecoded: media ? decodedFrames(media) : NaN,
      watching: Boolean(this.playback?.running),
    };
  }

  // -- building --

  build() {
    const id = this.camera;
    this.classList.add('cs-player');
    this.innerHTML = `
      <div class="cs-media">
        <video muted autoplay playsinline disablepictureinpicture></video>
        <img alt="" hidden>
        <div class="cs-overlay" aria-hidden="true" hidden></div>
        <button class="cs-play" type="button" hidden>▶ Play</button>
      </div>
      <div class="cs-bar">
        <span class="cs-head">
          <span class="cs-name"></span>
          <span class="cs-status" role="status" aria-live="polite"></span>
          <span class="cs-path" title="How this browser plays the camera"></span>
        </span>
        <span class="cs-figures"></span>
        <span class="cs-actions">
          <a class="cs-button cs-snapshot" target="_blank" rel="noopener">${ICONS.snapshot}</a>
          <button class="cs-button cs-fullscreen" type="button">${ICONS.fullscreen}</button>
        </span>
      </div>`;
    const q = (s) => this.querySelector(s);
    this.parts = {
      video: q('video'),
      img: q('img'),
      overlay: q('.cs-overlay'),
      play: q('.cs-play'),
      name: q('.cs-name'),
      status: q('.cs-status'),
      path: q('.cs-path'),
      figures: q('.cs-figures'),
      snapshot: q('.cs-snapshot'),
      fullscreen: q('.cs-fullscreen'),
    };
    this.parts.play.addEventListener('click', () => {
      this.parts.play.hidden = true;
      this.parts.video.play().catch(() => {
        this.parts.play.hidden = false;
      });
    });
    this.parts.fullscreen.addEventListener('click', () => this.toggleFullscreen());
    this.labelFor(id);
  }

  labelFor(id) {
    const p = this.parts;
    p.name.textContent = id;
    p.img.alt = `Camera ${id}`;
    p.video.setAttribute('aria-label', `Camera ${id}`);
    p.snapshot.href = `/api/cameras/${encodeURIComponent(id)}/snapshot.jpg`;
    p.snapshot.download = `${id}.jpg`;
    p.snapshot.setAttribute('aria-label', `Snapshot of camera ${id}`);
    p.snapshot.title = 'Snapshot';
    p.fullscreen.setAttribute('aria-label', `Fullscreen camera ${id}`);
    p.fullscreen.title = 'Fullscreen';
  }

  setupPlayback(forcedPath = this.getAttribute('path')) {
    this.playback?.destroy();
    const env = browserEnv(window);
    const { path, note } = choosePath(env, forcedPath);
    if (note) console.info(`camstream ${this.camera}: ${note}; playing ${path}`);
    this.path = path;
    this.pathNote = note;
    this.dataset.path = path;
    this.labelFor(this.camera);
    const p = this.parts;
    const onChange = () => this.render();
    const onAutoplayBlocked = () => {
      p.play.hidden = false;
    };
    p.video.hidden = path === 'mjpeg';
    p.img.hidden = path !== 'mjpeg';
    if (path === 'mse' || path === 'managed-mse') {
      this.playback = new MsePlayback(p.video, this.camera, {
        managed: path === 'managed-mse',
        onChange,
        onAutoplayBlocked,
        onUnplayable: (codec) => {
          const next = nextPath(env, path, codec);
          console.warn(`camstream ${this.camera}: this browser cannot play ${codec} through ${path}; trying ${next}`);
          queueMicrotask(() => this.setupPlayback(next));
        },
      });
    } else if (path === 'hls') {
      this.playback = new HlsPlayback(p.video, this.camera, { onChange, onAutoplayBlocked });
    } else {
      this.playback = new MjpegPlayback(p.img, this.camera, { onChange });
    }
    if (this._serverState) this.playback.setServerState?.(this._serverState);
    this.updateWatching(true);
    this.render();
  }

  // -- who is looking --

  updateWatching(now = false) {
    if (!this.playback) return;
    const seen = this.visible && this.pageVisible;
    clearTimeout(this.graceTimer);
    this.graceTimer = 0;
    if (seen) {
      this.playback.start();
    } else if (this.playback.running) {
      const grace = now ? 0 : Number(this.getAttribute('grace-ms') ?? GRACE_MS);
      this.graceTimer = setTimeout(() => this.playback?.stop(), grace);
    }
  }

  toggleFullscreen() {
    if (document.fullscreenElement === this) {
      document.exitFullscreen();
    } else if (this.requestFullscreen) {
      this.requestFullscreen().catch((error) => console.warn(`camstream: fullscreen refused: ${error.message}`));
    } else if (this.webkitRequestFullscreen) {
      this.webkitRequestFullscreen();
    } else {
      this.parts.video.webkitEnterFullscreen?.(); // iPhone: only the video itself can
    }
  }

  // -- showing --

  set(part, text) {
    if (this.shown[part] === text) return;
    this.shown[part] = text;
    this.parts[part].textContent = text;
  }

  render() {
    if (!this.parts) return;
    const s = this.stats;
    const state = s.state;
    this.dataset.state = state;
    this.parts.status.dataset.state = state;
    this.set('status', state === 'live' ? 'Live' : s.text || STATE_TEXT[state] || state);
    this.set('path', PATH_LABELS[this.path] ?? '');

    const figures = [];
    if (s.width && s.height) figures.push(`${s.width}×${s.height}`);
    if (state === 'live') {
      if (Number.isFinite(s.fps)) figures.push(`${formatNumber(s.fps)} fps`);
      if (Number.isFinite(s.kbps)) figures.push(formatRate(s.kbps));
      if (this.path !== 'mjpeg') figures.push(Number.isFinite(s.delayMs) ? `delay ${s.delayMs} ms` : 'delay –');
    }
    this.set('figures', figures.join(' · '));

    const overlay = this.hasAttribute('overlay') && this.path !== 'mjpeg';
    this.parts.overlay.hidden = !overlay;
    if (overlay) this.set('overlay', state === 'live' ? `${formatNumber(s.delayMs)} ms` : STATE_TEXT[state] ?? state);

    if (state !== this.lastState) {
      this.lastState = state;
      this.dispatchEvent(new CustomEvent('camstream-state', { bubbles: true, detail: { camera: this.camera, state } }));
    }
  }
}

if (!customElements.get('camstream-player')) customElements.define('camstream-player', CamstreamPlayer);
