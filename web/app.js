// The page: camera picker, status indicator, stats line. Playback is viewer.js.

import { CAMERA_ID, Viewer } from './viewer.js';

const CAMERA_LIST_MS = 3000;

const video = document.getElementById('video');
const statusEl = document.getElementById('status');
const picker = document.getElementById('camera');
const statsEl = document.getElementById('stats');
const playButton = document.getElementById('play');

let cameraId = new URLSearchParams(window.location.search).get('camera') || 'default';
let cameras = []; // last answer of /api/cameras
let viewer = null;

// For tests and the curious: live numbers of the current viewer.
window.camstreamStats = {};

function watch(id) {
  viewer?.stop();
  cameraId = id;
  document.title = `camstream · ${id}`;
  viewer = new Viewer(video, id, { onChange: render });
  viewer.start();
  render();
}

function render() {
  if (!viewer) return;
  const s = viewer.stats;
  statusEl.dataset.state = viewer.state;
  statusEl.textContent = viewer.text;
  document.body.dataset.state = viewer.state;
  window.camstreamStats = { ...s };

  const parts = [];
  if (s.width && s.height) parts.push(`${s.width}×${s.height}`);
  if (viewer.state === 'live') {
    parts.push(`${s.fps} fps`);
    if (Number.isFinite(s.delayMs)) parts.push(`${s.delayMs} ms behind live`);
  }
  if (s.codec) parts.push(s.codec);
  statsEl.textContent = parts.join(' · ') || '\u00a0';
}

function describe(camera) {
  if (!camera.connected) return `${camera.id} (offline)`;
  const details = [];
  if (camera.width && camera.height) details.push(`${camera.width}×${camera.height}`);
  if (camera.fps) details.push(`${Math.round(camera.fps)} fps`);
  if (Number.isFinite(camera.viewers)) details.push(`${camera.viewers} watching`);
  return details.length ? `${camera.id} — ${details.join(', ')}` : camera.id;
}

function fillPicker() {
  const known = cameras.filter((c) => typeof c?.id === 'string');
  const options = known.map((c) => ({ id: c.id, text: describe(c) }));
  if (!options.some((o) => o.id === cameraId)) options.unshift({ id: cameraId, text: `${cameraId} (not connected)` });
  options.sort((a, b) => a.id.localeCompare(b.id));

  const current = [...picker.options].map((o) => `${o.value}\n${o.text}`).join('\n');
  const wanted = options.map((o) => `${o.id}\n${o.text}`).join('\n');
  if (current !== wanted) {
    picker.replaceChildren(...options.map((o) => new Option(o.text, o.id)));
  }
  picker.value = cameraId;
}

async function refreshCameras() {
  try {
    const response = await fetch('/api/cameras', { cache: 'no-store' });
    if (response.ok) {
      const body = await response.json();
      cameras = Array.isArray(body?.cameras) ? body.cameras : [];
    }
  } catch {
    // Server unreachable: the viewer shows that; keep the last list.
  }
  fillPicker();
}

picker.addEventListener('change', () => {
  const id = picker.value;
  if (id === cameraId || !CAMERA_ID.test(id)) return;
  const url = new URL(window.location.href);
  url.searchParams.set('camera', id);
  history.replaceState(null, '', url);
  watch(id);
});

video.addEventListener('camstream-autoplay-blocked', () => {
  playButton.hidden = false;
});
playButton.addEventListener('click', () => {
  playButton.hidden = true;
  video.play().catch(() => {
    playButton.hidden = false;
  });
});

watch(cameraId);
fillPicker();
refreshCameras();
setInterval(refreshCameras, CAMERA_LIST_MS);
