// Which way a tile plays a camera in this browser. No DOM here: the caller
// passes what the browser has, so node's unit tests can pose as any browser.
//
//   mse          MediaSource + the viewer WebSocket's fMP4 (desktop browsers)
//   managed-mse  ManagedMediaSource, where that is all there is (iPhone Safari 17.1+)
//   hls          the video element playing the LL-HLS playlist itself (older iPhone Safari)
//   mjpeg        an <img> of the camera's own JPEGs: anything else

export const PATHS = ['mse', 'managed-mse', 'hls', 'mjpeg'];

export const PATH_LABELS = {
  mse: 'MSE',
  'managed-mse': 'Managed MSE',
  hls: 'HLS',
  mjpeg: 'MJPEG',
};

// What camstream-server encodes (H.264 constrained baseline), until a
// camera's init message names its codec.
export const DEFAULT_CODEC = 'avc1.42E01E';
const mime = (codec) => `video/mp4; codecs="${codec}"`;

// env: {MediaSource, ManagedMediaSource, canPlayType(type) -> '' | 'maybe' | 'probably'}.
// Returns the paths this browser can take, best first (mjpeg always last).
export function availablePaths(env, codec = DEFAULT_CODEC) {
  const supports = (Impl) => typeof Impl === 'function' && typeof Impl.isTypeSupported === 'function' && Impl.isTypeSupported(mime(codec));
  const paths = [];
  if (supports(env.MediaSource)) paths.push('mse');
  if (supports(env.ManagedMediaSource)) paths.push('managed-mse');
  if (env.canPlayType?.('application/vnd.apple.mpegurl')) paths.push('hls');
  paths.push('mjpeg');
  return paths;
}

// {path, note}: the forced path if this browser has it, else the best one;
// note says why a forced path was not taken.
export function choosePath(env, forced = null, codec = DEFAULT_CODEC) {
  const paths = availablePaths(env, codec);
  if (!forced) return { path: paths[0], note: null };
  if (paths.includes(forced)) return { path: forced, note: null };
  const why = PATHS.includes(forced) ? `this browser cannot play ${forced}` : `unknown path "${forced}"`;
  return { path: paths[0], note: why };
}

// The path to try after `path` failed (e.g. the codec turned out unplayable).
export function nextPath(env, path, codec = DEFAULT_CODEC) {
  const paths = availablePaths(env, codec);
  return paths[paths.indexOf(path) + 1] ?? 'mjpeg';
}

// The browser's side of availablePaths' env.
export function browserEnv(win = globalThis) {
  const video = win.document?.createElement('video');
  return {
    MediaSource: win.MediaSource,
    ManagedMediaSource: win.ManagedMediaSource,
    canPlayType: (type) => video?.canPlayType(type) ?? '',
  };
}
