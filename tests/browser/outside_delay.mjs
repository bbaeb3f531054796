// The delay of a picture on screen measured from outside the server and the page: mock-camera
// --frame-code --frame-log FILE draws each frame's number into the picture and writes when it
// sent it; the page's video is read back through a canvas (frame_code.mjs), and
//   outside delay = page clock now - when the camera sent the frame on screen.
// Camera, server and browser share this machine's clock, so no offset needs correcting. The
// camera-to-server hop is loopback (well under a millisecond), so this is also how long ago
// the server received the picture: what a tile's "delay" claims to show.

import { readFileSync } from 'node:fs';
import { inPage } from './frame_code.mjs';

// Follows a --frame-log file: frame number -> wall-clock ms it was sent.
export class FrameLog {
  constructor(path) {
    this.path = path;
    this.sent = new Map();
    this.offset = 0;
  }

  // Reads what the camera has appended since the last call.
  refresh() {
    let text;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return this;
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of complete.slice(this.offset).split('\n')) {
      const [frame, ms] = line.split(' ');
      if (frame && ms) this.sent.set(Number(frame) % 2 ** 24, Number(ms));
    }
    this.offset = complete.length;
    return this;
  }

  // When the frame whose code reads `code` was sent (ms since the epoch), or undefined.
  sentAt(code) {
    if (!this.sent.has(code)) this.refresh();
    return this.sent.get(code);
  }
}

// In the page: for each <camstream-player> tile (or, with none, each <video>), the frame code
// on screen and the page clock at that moment, with the tile's figures beside them, and the
// page's estimate of the server clock's offset (the page's own module; page and server share
// this machine's clock, so any offset but 0 is an error of the estimate).
export const sampleTiles = inPage(async () => {
  let clock = null;
  try {
    const { serverClock } = await import('/clock.js');
    clock = { offsetMs: serverClock.offsetMs, uncertaintyMs: serverClock.uncertaintyMs };
  } catch {
    // a page without that module
  }
  const now = performance.timeOrigin + performance.now();
  const tiles = [...document.querySelectorAll('camstream-player')];
  const read = async (el) => {
    try {
      return el && !el.hidden ? await readVideoFrameCode(el) : null; // eslint-disable-line no-undef
    } catch (error) {
      return `error: ${error.message}`;
    }
  };
  if (!tiles.length) {
    const videos = [...document.querySelectorAll('video')];
    return Promise.all(videos.map(async (video, i) => ({ camera: String(i), code: await read(video), now, currentTime: video.currentTime })));
  }
  return Promise.all(tiles.map(async (tile) => {
    const stats = tile.stats;
    const el = tile.querySelector(stats.path === 'mjpeg' ? 'img' : 'video');
    const code = await read(el);
    return {
      camera: tile.getAttribute('camera'),
      code,
      now,
      delayMs: stats.delayMs,
      state: stats.state,
      path: stats.path,
      currentTime: el?.currentTime,
      clockOffsetMs: clock?.offsetMs,
      clockUncertaintyMs: clock?.uncertaintyMs,
    };
  }));
});

export const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Adds the outside delay to each sample whose frame code was read and found in its camera's log.
export function withOutsideDelay(samples, logs) {
  return samples.map((s) => {
    const sent = typeof s.code === 'number' ? logs[s.camera]?.sentAt(s.code) : undefined;
    return { ...s, sentMs: sent, outsideMs: sent === undefined ? NaN : s.now - sent };
  });
}
