// What the HLS and MJPEG paths of a tile keep alike: the state shown with its words, whether
// the path runs, what the wall's camera list last said of the camera, and a wait before each
// reconnect that doubles from 1 s to 8 s, so a server that is down is not hammered and one
// that is back is found again soon.

export const BACKOFF_MIN_MS = 1000;
export const BACKOFF_MAX_MS = 8000;

export class TilePlayback {
  // onChange(): state or figures changed.
  constructor(onChange) {
    this.onChange = onChange;
    this.state = 'idle';
    this.text = 'Paused';
    this.running = false;
    this.serverState = null;
    this.backoffMs = BACKOFF_MIN_MS;
    this.retryTimer = 0;
  }

  // The wait before the next reconnect; the one after waits twice as long, up to the maximum.
  nextBackoff() {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(delay * 2, BACKOFF_MAX_MS);
    return delay;
  }

  // Pictures arrive again: the next failure waits the least.
  resetBackoff() {
    this.backoffMs = BACKOFF_MIN_MS;
  }

  setState(state, text) {
    const changed = state !== this.state || text !== this.text;
    this.state = state;
    this.text = text;
    if (changed) this.onChange();
  }
}
