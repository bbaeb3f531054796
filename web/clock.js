// How old the picture on screen is, by the server's clock.
//
// The server stamps each fragment with the wall time it received the camera's
// picture (prft). The page's clock may be off from the server's by seconds, so
// ServerClock estimates the offset from clock round trips: the server's time
// is taken to be the midpoint of the round trip, and the sample with the
// shortest round trip wins, since the midpoint of a short trip can be wrong by
// at most half of it. ReceiveTimes maps the video's media time back to the
// receive time of the frame shown at that media time.
//
// No DOM here: node's unit tests use it as the page does.

const KEEP_SAMPLES = 8; // newest round trips considered
const ONE_WAY_GUESS_MS = 0; // a server time with no round trip is taken as "now"

export const wallNow = () => (typeof performance !== 'undefined' ? performance.timeOrigin + performance.now() : Date.now());

export class ServerClock {
  constructor(now = wallNow) {
    this.now = now;
    this.samples = []; // {offsetMs, rttMs}, newest last
    this.rough = null; // offset from a server time without a round trip
  }

  // The server's time at some moment of no known age (the first message of a
  // socket): better than nothing until a round trip arrives.
  addServerTime(serverMs, receivedAt = this.now()) {
    if (!Number.isFinite(serverMs)) return;
    this.rough = serverMs + ONE_WAY_GUESS_MS - receivedAt;
  }

  // A round trip: the page sent clientMs, the server answered serverMs, the
  // answer arrived at receivedAt (all page times from the same clock).
  addRoundTrip(clientMs, serverMs, receivedAt = this.now()) {
    if (![clientMs, serverMs, receivedAt].every(Number.isFinite)) return;
    const rttMs = receivedAt - clientMs;
    if (rttMs < 0 || rttMs > 60_000) return; // not an answer to this page's clock
    this.samples.push({ offsetMs: serverMs - (clientMs + receivedAt) / 2, rttMs });
    if (this.samples.length > KEEP_SAMPLES) this.samples.shift();
  }

  get known() {
    return this.samples.length > 0 || this.rough !== null;
  }

  // Milliseconds to add to the page's clock to get the server's; 0 if unknown.
  get offsetMs() {
    if (this.samples.length === 0) return this.rough ?? 0;
    return this.samples.reduce((best, s) => (s.rttMs < best.rttMs ? s : best)).offsetMs;
  }

  // Half the shortest round trip: how wrong offsetMs may be; Infinity without round trips.
  get uncertaintyMs() {
    if (this.samples.length === 0) return Infinity;
    return Math.min(...this.samples.map((s) => s.rttMs)) / 2;
  }

  serverNow() {
    return this.now() + this.offsetMs;
  }
}

// One clock for the whole page: every connection to the server improves it.
export const serverClock = new ServerClock();

const KEEP_FRAMES = 600; // receive times kept (24 s at 25 fps: more than the buffer keeps played)

export class ReceiveTimes {
  constructor() {
    this.frames = []; // {media: seconds, receivedMs}, media increasing
  }

  // A fragment's media time (seconds, as the video element counts) and the
  // server's receive time of its picture.
  add(mediaSeconds, receivedMs) {
    if (!Number.isFinite(mediaSeconds) || !Number.isFinite(receivedMs)) return;
    const last = this.frames.at(-1);
    // A connection's media times only increase; anything else is a new timeline.
    if (last && mediaSeconds <= last.media) this.frames = [];
    this.frames.push({ media: mediaSeconds, receivedMs });
    if (this.frames.length > KEEP_FRAMES) this.frames.splice(0, this.frames.length - KEEP_FRAMES);
  }

  clear() {
    this.frames = [];
  }

  // Receive time of the frame shown at mediaSeconds: the newest frame that
  // starts at or before it. A frame's media time and the video's clock can
  // disagree by rounding, hence the millisecond of slack. null if unknown.
  receivedAt(mediaSeconds) {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (frames[mid].media <= mediaSeconds + 0.001) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? null : frames[found].receivedMs;
  }
}
