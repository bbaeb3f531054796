// Browser test of the web client against the real server and mock camera:
// headless Chromium (Debian's, through playwright-core) opens the page (a wall
// with the one camera's tile, a <camstream-player>) and checks that video plays
// live, goes offline when the camera leaves, and comes back by itself when it
// returns.
//
//   CAMSTREAM_SERVER=build/apps/camstream-server MOCK_CAMERA=build/apps/mock-camera \
//     node --test tests/browser/live_view.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import { OUT_DIR, comparePictures, launchBrowser, openPage as open, sleep, startCamera, startServer, stop, stopAll, tail } from './harness.mjs';

let browser;

// A missing program or Chromium fails every test here (the hook throws, naming what is missing).
before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopAll();
});

const openPage = (url, pageLog) => open(browser, url, pageLog);

// The tile on show: the only one, or the one ?camera= asked for.
const TILE = 'camstream-player:not([hidden])';

const snapshot = (page) =>
  page.evaluate((selector) => {
    const tile = document.querySelector(selector);
    const video = tile?.querySelector('video');
    return {
      state: tile?.stats.state,
      text: tile?.querySelector('.cs-status')?.textContent,
      currentTime: video?.currentTime,
      readyState: video?.readyState,
      paused: video?.paused,
      error: video?.error?.message ?? video?.error?.code ?? null,
      stats: tile?.stats,
    };
  }, TILE);

const stats = (page) => page.evaluate((selector) => document.querySelector(selector).stats, TILE);

async function waitForState(page, state, timeoutMs, why, ...procs) {
  try {
    await page.waitForFunction(({ selector, s }) => document.querySelector(selector)?.stats.state === s, { selector: TILE, s: state }, {
      timeout: timeoutMs,
      polling: 100,
    });
  } catch {
    const seen = JSON.stringify(await snapshot(page));
    const logs = procs.map((p) => tail(p)).join('\n');
    assert.fail(`the tile's state never became "${state}" within ${timeoutMs} ms (${why}); page: ${seen}\n${logs}`);
  }
}

const currentTime = (page) => page.evaluate((selector) => document.querySelector(`${selector} video`).currentTime, TILE);

async function assertPlaying(page, what) {
  const t1 = await currentTime(page);
  await sleep(1000);
  const t2 = await currentTime(page);
  assert.ok(t2 - t1 > 0.3, `${what}: video.currentTime did not advance (${t1} -> ${t2})`);
  return t2 - t1;
}

// Does the server refuse a viewer upgrade? Resolves to the HTTP status (101 if accepted).
function upgradeStatus(port, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({
      host: '127.0.0.1',
      port,
      path,
      agent: false, // a fresh connection each time: a refused upgrade may close it
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
      timeout: 5000,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to upgrade of ${path}`)));
    req.on('error', reject);
  });
}

// -- tests --

test('live view: plays, goes offline with the camera, recovers without reload', { timeout: 150_000 }, async (t) => {
  const server = await startServer();
  let camera = startCamera(server.httpPort);
  const pageLog = [];
  let page;
  try {
    // Give the camera a moment to connect, then time what a person sees: page open to live.
    await sleep(1000);
    const opened = Date.now();
    page = await openPage(`http://127.0.0.1:${server.httpPort}/`, pageLog);
    await page.evaluate(() => {
      window.__sameDocument = true;
    });

    await waitForState(page, 'live', 10000, 'camera streaming', server, camera);
    const { firstLiveMs } = await stats(page);
    console.log(`time to live: ${Date.now() - opened} ms from opening a tab, ${firstLiveMs} ms from navigation start`);
    await assertPlaying(page, 'first connection');

    const pictures = await comparePictures(page, `${TILE} video`, 500);
    t.diagnostic(`picture ${JSON.stringify(pictures)}`);
    assert.ok(pictures.width > 0 && pictures.height > 0, 'video has no size');
    assert.ok(pictures.max - pictures.min > 16, `video frame is flat (luma ${pictures.min}..${pictures.max})`);
    assert.ok(pictures.changed > 0, 'two frames 500 ms apart are identical: the picture does not move');

    // Let the live-edge chase settle, then sample how far behind the buffered end it plays.
    await sleep(3000);
    const behind = [];
    for (let i = 0; i < 5; i++) {
      behind.push((await stats(page)).behindEdgeMs);
      await sleep(400);
    }
    const sorted = [...behind].sort((a, b) => a - b);
    const median = sorted[2];
    const figures = await stats(page);
    console.log(`behindEdgeMs samples ${JSON.stringify(behind)} median ${median}; stats ${JSON.stringify(figures)}`);
    assert.ok(behind.every(Number.isFinite), `behindEdgeMs not finite: ${JSON.stringify(behind)}`);
    assert.ok(median < 1000, `median delay behind live edge ${median} ms >= 1000 ms`);
    assert.equal(figures.state, 'live');
    assert.equal(figures.path, 'mse');
    assert.ok(figures.framesAppended > 25, `only ${figures.framesAppended} frames appended`);
    assert.match(String(figures.codec), /^avc1\./);

    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.serverState === 'online' && /\b1 online\b/.test(document.getElementById('summary').textContent),
      TILE,
      { timeout: 8000 },
    ).catch(() => assert.fail('the wall does not list "default" as online (from the server\'s camera list)'));

    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: `${OUT_DIR}live.png` });

    // Camera leaves: the page says so.
    const framesBefore = (await stats(page)).framesAppended;
    await stop(camera);
    await waitForState(page, 'offline', 5000, 'mock camera killed', server);
    const offline = await snapshot(page);
    assert.equal(offline.stats.serverState, 'offline', 'server sent no {"type":"status","state":"offline"} when the camera left');

    // Camera returns: live again on the same page, same socket or not.
    camera = startCamera(server.httpPort);
    await waitForState(page, 'live', 10000, 'new mock camera', server, camera);
    await assertPlaying(page, 'after camera reconnect');
    const framesAfter = await page.evaluate((selector) => ({ same: window.__sameDocument === true, frames: document.querySelector(selector).stats.framesAppended }), TILE);
    assert.ok(framesAfter.same, 'the page reloaded');
    assert.ok(framesAfter.frames > framesBefore, 'no new frames appended after the camera returned');
    const again = await comparePictures(page, `${TILE} video`, 500);
    assert.ok(again.changed > 0, 'picture does not move after the camera returned');
    t.diagnostic(`after reconnect: ${JSON.stringify(await snapshot(page))}`);
  } catch (error) {
    console.log(`page log:\n${pageLog.slice(-40).join('\n')}\n${tail(server)}\n${tail(camera)}`);
    throw error;
  } finally {
    await page?.close();
    await stop(camera);
    await stop(server);
  }
});

test('unknown camera shows offline; a bad camera id is refused', { timeout: 60_000 }, async () => {
  const server = await startServer();
  const pageLog = [];
  let page;
  try {
    page = await openPage(`http://127.0.0.1:${server.httpPort}/?camera=nope`, pageLog);
    await waitForState(page, 'offline', 6000, 'no camera "nope"', server);
    assert.equal(await page.$eval(TILE, (el) => el.getAttribute('camera')), 'nope');

    const outcome = await page.evaluate(
      (port) =>
        new Promise((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/viewer/bad!id`);
          const timer = setTimeout(() => resolve('timeout'), 5000);
          ws.onopen = () => {
            clearTimeout(timer);
            ws.close();
            resolve('open');
          };
          ws.onerror = () => {
            clearTimeout(timer);
            resolve('error');
          };
        }),
      server.httpPort,
    );
    assert.equal(outcome, 'error', 'WebSocket to /ws/viewer/bad!id was not refused');

    for (const path of ['/ws/viewer/bad!id', '/ws/viewer/bad%21id', `/ws/viewer/${'x'.repeat(65)}`]) {
      assert.equal(await upgradeStatus(server.httpPort, path), 400, `upgrade of ${path}`);
    }
  } catch (error) {
    console.log(`page log:\n${pageLog.slice(-40).join('\n')}\n${tail(server)}`);
    throw error;
  } finally {
    await page?.close();
    await stop(server);
  }
});

// JPEG pixels are full range and the server passes them through, signalling full range in the
// SPS. If either end got that wrong, dark and bright patches would come out stretched or
// squeezed by 10-20 levels. A second page plays the camera: it draws known colours on a
// canvas, has Chromium encode them to JPEG, and sends them over /ws/camera/colours.
const PATCHES = [
  [20, 20, 20],
  [235, 235, 235],
  [128, 128, 128],
  [200, 40, 40],
  [40, 170, 60],
  [40, 60, 200],
];

test('colours on screen match the camera\'s JPEG (full range end to end)', { timeout: 60_000 }, async () => {
  const server = await startServer();
  const pageLog = [];
  let sender;
  let viewer;
  try {
    sender = await openPage(`http://127.0.0.1:${server.httpPort}/healthz`, pageLog);
    await sender.evaluate(
      ({ port, patches }) => {
        const canvas = document.createElement('canvas');
        canvas.width = 320;
        canvas.height = 240;
        const ctx = canvas.getContext('2d');
        patches.forEach(([r, g, b], i) => {
          ctx.fillStyle = `rgb(${r},${g},${b})`;
          ctx.fillRect((i % 3) * 106, Math.floor(i / 3) * 120, 106, 120);
        });
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/camera/colours`);
        ws.onopen = () => {
          window.__sending = setInterval(() => canvas.toBlob((blob) => blob.arrayBuffer().then((b) => ws.send(b)), 'image/jpeg', 0.95), 100);
        };
      },
      { port: server.httpPort, patches: PATCHES },
    );
    viewer = await openPage(`http://127.0.0.1:${server.httpPort}/?camera=colours`, pageLog);
    await waitForState(viewer, 'live', 10000, 'canvas camera streaming', server);
    await sleep(1000);
    const seen = await viewer.evaluate((count) => {
      const video = document.querySelector('camstream-player:not([hidden]) video');
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0);
      const result = [];
      for (let i = 0; i < count; i++) {
        // The middle of each patch, away from edges where chroma subsampling blends.
        const px = ctx.getImageData((i % 3) * 106 + 53, Math.floor(i / 3) * 120 + 60, 1, 1).data;
        result.push([px[0], px[1], px[2]]);
      }
      return { width: canvas.width, height: canvas.height, result };
    }, PATCHES.length);
    console.log(`colour patches sent ${JSON.stringify(PATCHES)} seen ${JSON.stringify(seen.result)}`);
    assert.equal(seen.width, 320);
    PATCHES.forEach((want, i) => {
      const got = seen.result[i];
      const off = Math.max(...want.map((v, c) => Math.abs(v - got[c])));
      assert.ok(off <= 8, `patch ${i}: sent rgb(${want}) but the video shows rgb(${got}) (off by ${off})`);
    });
  } catch (error) {
    console.log(`page log:\n${pageLog.slice(-40).join('\n')}\n${tail(server)}`);
    throw error;
  } finally {
    await viewer?.close();
    await sender?.close();
    await stop(server);
  }
});
