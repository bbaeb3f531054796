// One viewer WebSocket (/ws/viewer/<id>): turns its messages into calls on a
// sink and keeps the page's estimate of the server clock fresh with clock
// round trips. Reconnecting is the caller's business: one ViewerStream is one
// connection, and one connection is one media timeline.
//
// No DOM here: the WebSocket constructor comes in from outside.

import { readPrft, segmentKind } from './fmp4.js';
import { wallNow } from './clock.js';

export const CAMERA_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CLOCK_ROUND_TRIPS_MS = [0, 1000, 3000, 10_000]; // after open; then every 30 s
const CLOCK_EVERY_MS = 30_000;

export function viewerUrl(cameraId, loc) {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  const path = cameraId === 'default' ? '/ws/viewer' : `/ws/viewer/${encodeURIComponent(cameraId)}`;
  return `${scheme}://${loc.host}${path}`;
}

export class ViewerStream {
  // sink: {open(), close(), status(state), init({codec, width, height}),
  //        initSegment(data), fragment(data, prft | null)}; all optional.
  constructor(url, sink, { WebSocketImpl = globalThis.WebSocket, clock = null, now = wallNow } = {}) {
    this.sink = sink;
    this.clock = clock;
    this.now = now;
    this.timers = [];
    this.closed = false;
    this.socket = new WebSocketImpl(url);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => {
      this.call('open');
      let at = 0;
      for (const ms of CLOCK_ROUND_TRIPS_MS) {
        at = ms;
        this.timers.push(setTimeout(() => this.askTime(), ms));
      }
      this.timers.push(setTimeout(() => this.timers.push(setInterval(() => this.askTime(), CLOCK_EVERY_MS)), at));
    };
    this.socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.text(event.data);
      else this.binary(event.data);
    };
    this.socket.onclose = () => {
      if (this.closed) return;
      this.close();
      this.call('close');
    };
  }

  close() {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    this.timers = [];
    const s = this.socket;
    s.onopen = s.onmessage = s.onclose = null;
    if (s.readyState === 0 || s.readyState === 1) s.close();
  }

  askTime() {
    if (this.closed || this.socket.readyState !== 1) return;
    this.socket.send(JSON.stringify({ type: 'clock', client_time: this.now() }));
  }

  call(name, ...args) {
    if (!this.closed || name === 'close') this.sink[name]?.(...args);
  }

  text(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return; // not ours to understand
    }
    if (message?.type === 'clock') {
      const server = Number(message.server_time);
      if (message.client_time !== undefined) this.clock?.addRoundTrip(Number(message.client_time), server, this.now());
      else this.clock?.addServerTime(server, this.now());
    } else if (message?.type === 'status') {
      this.call('status', message.state === 'online' ? 'online' : 'offline');
    } else if (message?.type === 'init') {
      this.call('init', {
        codec: typeof message.codec === 'string' ? message.codec : null,
        width: Number(message.width) || 0,
        height: Number(message.height) || 0,
      });
    }
  }

  binary(data) {
    const kind = segmentKind(data);
    if (kind === 'init') this.call('initSegment', data);
    else if (kind === 'media') this.call('fragment', data, readPrft(data));
  }
}
