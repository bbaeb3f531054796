// What the browser tests share: where the programs are, headless Chromium, starting
// camstream-server and mock-camera on free ports and stopping them by PID, page helpers.
//
// Anything missing (a program, Chromium, an npm package) is a failure with a message saying
// what to do, never a silent skip: a test run that checked nothing must not look green.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const SERVER = process.env.CAMSTREAM_SERVER || here('../../build/apps/camstream-server');
export const CAMERA = process.env.MOCK_CAMERA || here('../../build/apps/mock-camera');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUT_DIR = here('./out/');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Throws, naming every missing program, if one is.
export function requirePrograms() {
  const missing = [
    [SERVER, 'camstream-server: build it, or set CAMSTREAM_SERVER'],
    [CAMERA, 'mock-camera: build it, or set MOCK_CAMERA'],
    [CHROMIUM, 'Chromium: `apt-get install chromium` (scripts/setup.sh --test), or set CHROMIUM'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length) {
    throw new Error(`browser test cannot run; missing:\n${missing.map(([p, what]) => `  ${p} (${what})`).join('\n')}`);
  }
}

// An npm package of tests/browser, with a message saying how to install it if it is not.
export async function importPackage(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(notInstalled(name));
  }
}

const notInstalled = (name) => `npm package ${name} is not installed: run \`npm ci\` in ${here('.')} (scripts/setup.sh --test does)`;

// A file of an npm package of tests/browser (e.g. hls.js's dist/hls.min.js, served to pages).
export function packageFile(name, file) {
  const path = here(`./node_modules/${name}/${file}`);
  if (!existsSync(path)) throw new Error(`${path} missing: ${notInstalled(name)}`);
  return path;
}

// How every browser test starts headless Chromium: no background traffic, no first-run
// screens, and video that plays without a click, as the wall must when left alone.
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
  ],
};

export async function launchBrowser() {
  requirePrograms();
  const { chromium } = await importPackage('playwright-core');
  return chromium.launch(CHROMIUM_LAUNCH);
}

// -- processes --

const children = new Set();

// Last resort if the runner dies between hooks: no orphans.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function run(name, file, args) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.name = name;
  child.log = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (line) child.log.push(line);
    }
    if (child.log.length > 400) child.log.splice(0, child.log.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  child.exited.then(() => children.delete(child));
  child.once('error', (error) => child.log.push(`spawn error: ${error.message}`));
  children.add(child);
  return child;
}

export async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await child.exited;
  clearTimeout(timer);
}

export const stopAll = () => Promise.all([...children].map(stop));

export function tail(child, lines = 30) {
  return `--- ${child.name} (last ${lines} lines) ---\n${child.log.slice(-lines).join('\n')}`;
}

// The server on free ports; resolves once it has printed them (server.httpPort, .cameraPort).
// `extra`: more flags (credentials, ...).
export async function startServer(extra = []) {
  const server = run('camstream-server', SERVER, ['--port', '0', '--camera-port', '0', '--log-level', 'info', ...extra]);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    const line = server.log.find((l) => /http=\d+/.test(l));
    if (line) {
      server.httpPort = Number(line.match(/http=(\d+)/)[1]);
      server.cameraPort = Number(line.match(/camera=(\d+)/)?.[1]);
      return server;
    }
    if (server.exitCode !== null || server.signalCode !== null) break;
    await sleep(50);
  }
  await stop(server);
  throw new Error(`server did not print http=<port> within 15 s\n${tail(server)}`);
}

export function startCamera(port, id, extra = []) {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--fps', '25', ...extra];
  if (id) args.push('--id', id);
  return run('mock-camera', CAMERA, args);
}

// -- pages --

export async function openPage(browser, url, pageLog) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
  if (url) await page.goto(url);
  return page;
}

// A picture (video or img) drawn to a canvas, then again waitMs later: its size, how many
// pixels changed, the luma range of the first drawing and how far currentTime moved.
// `target` is a CSS selector, or { camera } for that camera's wall tile (its img on the MJPEG
// path, else its video). With `settle`, a first drawing that is one flat colour is drawn again
// for up to 3 s: some engines draw black until a new picture reaches the screen.
// Works with a Playwright page and with the Page of engines.mjs alike.
export const comparePictures = (page, target, waitMs, { settle = false } = {}) =>
  page.evaluate(picturesApart, { target, waitMs, settle });

// Runs in the page, so it is self-contained: no closures, no imports.
async function picturesApart({ target, waitMs, settle }) {
  let el;
  if (typeof target === 'string') {
    el = document.querySelector(target);
  } else {
    const tile = [...document.querySelectorAll('camstream-player')].find((t) => t.getAttribute('camera') === target.camera);
    el = tile?.querySelector(tile.stats.path === 'mjpeg' ? 'img' : 'video');
  }
  const canvas = document.createElement('canvas');
  canvas.width = el?.videoWidth || el?.naturalWidth || 0;
  canvas.height = el?.videoHeight || el?.naturalHeight || 0;
  if (!canvas.width || !canvas.height) return { width: 0, height: 0, pixels: 0, changed: 0, min: 0, max: 0, advanced: 0 };
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const grab = () => {
    ctx.drawImage(el, 0, 0);
    return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const flat = (data) => {
    for (let i = 4; i < data.length; i += 4 * 97) if (Math.abs(data[i] - data[0]) > 16) return false;
    return true;
  };
  let a = grab();
  for (let i = 0; settle && i < 30 && flat(a); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    a = grab();
  }
  const t1 = el.currentTime ?? 0;
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const b = grab();
  const t2 = el.currentTime ?? 0;
  let changed = 0;
  let min = 255;
  let max = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 24) changed++;
    const luma = (a[i] * 2 + a[i + 1] * 5 + a[i + 2]) >> 3;
    min = Math.min(min, luma);
    max = Math.max(max, luma);
  }
  return { width: canvas.width, height: canvas.height, pixels: a.length / 4, changed, min, max, advanced: t2 - t1 };
}
