// The page: a wall of every camera the server knows, kept current from
// /ws/events. Click or Enter on a tile shows that camera alone, Escape (or
// "All cameras") returns; the URL follows (?camera=<id>). Playback is each
// tile's own business (camstream-player.js).
//
// URL parameters: camera=<id> (one camera alone), path=mse|managed-mse|hls|mjpeg
// (force a playback path), overlay=1 (each tile's delay in large figures).

import './camstream-player.js';
import { CameraEvents } from './camera-events.js';
import { serverClock } from './clock.js';
import { wallLayout } from './layout.js';
import { CAMERA_ID } from './viewer-stream.js';

const wall = document.getElementById('wall');
const summary = document.getElementById('summary');
const back = document.getElementById('back');
const overlayToggle = document.getElementById('overlay-toggle');
const empty = document.getElementById('empty');

const cameras = new Map(); // id -> {id, state, width, height} from the server
const tiles = new Map(); // id -> <camstream-player>
let focused = null; // the camera shown alone, or null for the wall
let overlay = false;
let connection = 'connecting';

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const camera = params.get('camera');
  focused = camera && CAMERA_ID.test(camera) ? camera : null;
  overlay = params.get('overlay') === '1';
  return params;
}

const forcedPath = readUrl().get('path');

function writeUrl(push) {
  const url = new URL(window.location.href);
  if (focused) url.searchParams.set('camera', focused);
  else url.searchParams.delete('camera');
  if (overlay) url.searchParams.set('overlay', '1');
  else url.searchParams.delete('overlay');
  if (url.href === window.location.href) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function makeTile(id) {
  const tile = document.createElement('camstream-player');
  tile.setAttribute('camera', id);
  if (forcedPath) tile.setAttribute('path', forcedPath);
  tile.tabIndex = 0;
  tile.setAttribute('role', 'group');
  tile.setAttribute('aria-label', `Camera ${id}`);
  tile.addEventListener('click', (event) => {
    if (event.target.closest('.cs-actions, .cs-play')) return;
    if (focused !== id) show(id, true);
  });
  tile.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target === tile && focused !== id) show(id, true);
  });
  return tile;
}

// Tiles for every known camera (and the one asked for, known or not), in id
// order. Existing tiles are never moved: moving one would restart its stream.
function syncTiles() {
  const wanted = new Set(cameras.keys());
  if (focused) wanted.add(focused);
  for (const [id, tile] of tiles) {
    if (!wanted.has(id)) {
      tile.remove();
      tiles.delete(id);
    }
  }
  for (const id of [...wanted].sort()) {
    if (tiles.has(id)) continue;
    const tile = makeTile(id);
    const after = [...tiles.keys()].sort().find((other) => other > id);
    wall.insertBefore(tile, after ? tiles.get(after) : null);
    tiles.set(id, tile);
  }
  for (const [id, tile] of tiles) {
    tile.serverState = cameras.get(id)?.state ?? (connection === 'open' ? 'offline' : null);
    tile.hidden = focused !== null && id !== focused;
    tile.toggleAttribute('overlay', overlay);
  }
  render();
}

function render() {
  const shown = [...tiles.values()].filter((t) => !t.hidden);
  const known = [...cameras.values()];
  const aspect = known.find((c) => c.width && c.height);
  wall.style.setProperty('--cs-aspect', aspect ? `${aspect.width} / ${aspect.height}` : '4 / 3');
  layout(shown.length, aspect ? aspect.width / aspect.height : 4 / 3);

  document.body.dataset.mode = focused ? 'single' : 'wall';
  back.hidden = !focused;
  overlayToggle.setAttribute('aria-pressed', String(overlay));
  document.title = focused ? `camstream · ${focused}` : 'camstream';
  empty.hidden = tiles.size > 0 || connection === 'connecting';
  const online = known.filter((c) => c.state === 'online').length;
  const parts = [`${known.length} camera${known.length === 1 ? '' : 's'}`, `${online} online`];
  if (connection === 'reconnecting') parts.push('reconnecting to the server…');
  summary.textContent = connection === 'connecting' ? 'Connecting…' : parts.join(' · ');
}

function layout(n, aspect) {
  const style = getComputedStyle(wall);
  const gap = parseFloat(style.columnGap) || 8;
  const width = wall.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const top = wall.getBoundingClientRect().top;
  // A few pixels spare for rounding and borders, so a wall that fits never shows a scrollbar.
  const height = window.innerHeight - top - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - 16;
  // The bar under each picture is two lines at any width: measure it once there is a tile.
  const tile = wall.querySelector('camstream-player:not([hidden])');
  const bar = tile ? tile.offsetHeight - tile.querySelector('.cs-media').offsetHeight : 50;
  const { cols, tileWidth } = wallLayout({ n: Math.max(n, 1), width, height, aspect, gap, barHeight: bar > 0 ? bar : 50 });
  wall.style.setProperty('--cols', String(cols));
  wall.style.setProperty('--tile-width', `${tileWidth}px`);
}

function show(id, push) {
  focused = id;
  writeUrl(push);
  syncTiles();
  if (id) tiles.get(id)?.focus({ preventScroll: true });
  else window.scrollTo(0, 0);
}

back.addEventListener('click', () => {
  const was = focused;
  show(null, true);
  tiles.get(was)?.focus();
});

overlayToggle.addEventListener('click', () => {
  overlay = !overlay;
  writeUrl(false);
  syncTiles();
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && focused && !document.fullscreenElement) {
    const was = focused;
    show(null, true);
    tiles.get(was)?.focus();
  }
});

window.addEventListener('popstate', () => {
  readUrl();
  syncTiles();
});

// Laying out sets the tiles' width, which changes the wall's height: react to its width only,
// and in the next frame, or every layout would trigger another resize notification.
let observedWidth = -1;
let layoutQueued = false;
new ResizeObserver((entries) => {
  const width = entries[entries.length - 1].contentRect.width;
  if (width === observedWidth || layoutQueued) return;
  observedWidth = width;
  layoutQueued = true;
  requestAnimationFrame(() => {
    layoutQueued = false;
    render();
  });
}).observe(wall);
window.addEventListener('resize', () => render());

const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
const events = new CameraEvents(`${scheme}://${window.location.host}/ws/events`, {
  connection: (state) => {
    connection = state;
    render();
  },
  list: (list) => {
    cameras.clear();
    for (const c of list) cameras.set(c.id, c);
    if (connection === 'connecting') connection = 'open';
    syncTiles();
  },
  camera: (c) => {
    cameras.set(c.id, c);
    syncTiles();
  },
  removed: (id) => {
    cameras.delete(id);
    syncTiles();
  },
  // The server wants a login (none yet, it expired, or the server restarted with a new key):
  // its login form, which comes back to this view.
  unauthorized: () => {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  },
}, { clock: serverClock });

// "Log out" where the server has logins and this browser is logged in.
fetch('/api/session', { cache: 'no-store' })
  .then((response) => (response.ok ? response.json() : null))
  .then((session) => {
    const logout = document.getElementById('logout');
    if (!session?.user || !logout) return;
    logout.title = `Logged in as ${session.user}`;
    logout.hidden = false;
  })
  .catch(() => {});
events.start();
syncTiles();
