// The server's camera list, kept current by /ws/events: the whole list on
// connect, then one message per camera coming, going or changing size. If the
// socket drops it reconnects with backoff and takes the whole list again; a
// server without /ws/events is asked /api/cameras instead, once per attempt.
//
// A server that wants a login refuses the socket (a page cannot see why) and
// answers /api/cameras with 401: then on.unauthorized() is called and no more
// attempts are made.
//
// No DOM here: the WebSocket constructor and fetch come in from outside.

import { wallNow } from './clock.js';

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 10_000;

// A camera as the wall needs it, from /ws/events or /api/cameras.
export function normaliseCamera(c) {
  if (!c || typeof c.id !== 'string') return null;
  const state = c.state === 'online' || c.state === 'offline' ? c.state : c.connected ? 'online' : 'offline';
  return { id: c.id, state, width: Number(c.width) || 0, height: Number(c.height) || 0 };
}

export class CameraEvents {
  // on: {list(cameras), camera(camera), removed(id), connection('open' | 'reconnecting'), unauthorized()}
  constructor(url, on, { WebSocketImpl = globalThis.WebSocket, fetchImpl = globalThis.fetch, listUrl = '/api/cameras', clock = null } = {}) {
    this.url = url;
    this.on = on;
    this.WebSocketImpl = WebSocketImpl;
    this.fetchImpl = fetchImpl;
    this.listUrl = listUrl;
    this.clock = clock;
    this.backoffMs = BACKOFF_MIN_MS;
    this.timer = 0;
    this.socket = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) {
      this.socket.onopen = this.socket.onmessage = this.socket.onclose = this.socket.onerror = null;
      this.socket.close();
      this.socket = null;
    }
  }

  connect() {
    this.timer = 0;
    if (this.stopped) return;
    let gotList = false;
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch {
      return this.retry(false);
    }
    this.socket = socket;
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let m;
      try {
        m = JSON.parse(event.data);
      } catch {
        return;
      }
      if (m?.type === 'cameras' && Array.isArray(m.cameras)) {
        gotList = true;
        this.backoffMs = BACKOFF_MIN_MS;
        if (Number.isFinite(m.server_time)) this.clock?.addServerTime(m.server_time, wallNow());
        this.on.connection?.('open');
        this.on.list?.(m.cameras.map(normaliseCamera).filter(Boolean));
      } else if (m?.type === 'camera') {
        const camera = normaliseCamera(m);
        if (camera) this.on.camera?.(camera);
      } else if (m?.type === 'removed' && typeof m.id === 'string') {
        this.on.removed?.(m.id);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.retry(gotList);
    };
  }

  // The list from /api/cameras while the socket is down, so the wall still
  // shows what there is (a server without /ws/events, or one restarting).
  async fetchList() {
    try {
      const fetchList = this.fetchImpl; // called unbound: the browser's fetch refuses another `this`
      const response = await fetchList(this.listUrl, { cache: 'no-store' });
      if (response.status === 401 && !this.stopped) {
        this.stop();
        this.on.unauthorized?.();
        return;
      }
      if (!response.ok) return;
      const body = await response.json();
      if (this.stopped || this.socket?.readyState === 1) return; // the socket came back meanwhile
      this.on.list?.((Array.isArray(body?.cameras) ? body.cameras : []).map(normaliseCamera).filter(Boolean));
    } catch {
      // Server unreachable: keep the last list; the next attempt tries again.
    }
  }

  retry(hadList) {
    if (this.stopped || this.timer) return;
    this.on.connection?.('reconnecting');
    if (!hadList) this.fetchList();
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
