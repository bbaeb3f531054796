// Browser test of the camera wall against the real server and mock cameras, in each engine of
// engines.mjs named by WALL_ENGINES (comma-separated; chromium when unset):
//
//   three cameras: three tiles play (currentTime advances, the picture changes), each shows a
//   plausible delay; a camera killed turns its tile offline, restarted turns it live again
//   without a reload; a fourth camera appears as a new tile; a click shows one camera alone and
//   the others' streams close, Escape returns; ?camera=<id> opens one; ?path=mjpeg (and
//   ?path=hls where the engine plays HLS itself) plays through that path; no console errors.
//
//   CAMSTREAM_SERVER=build/apps/camstream-server MOCK_CAMERA=build/apps/mock-camera \
//     WALL_ENGINES=chromium,firefox,webkit node --test tests/browser/wall.test.mjs
//
// A screenshot of the wall goes to out/wall-<engine>.png.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { ENGINES, openBrowser, unavailable } from './engines.mjs';
import { OUT_DIR, comparePictures, requirePrograms, sleep, startCamera, startServer, stop, stopAll, tail } from './harness.mjs';

const engines = (process.env.WALL_ENGINES || 'chromium').split(',').map((e) => e.trim()).filter(Boolean);

after(() => stopAll());

// -- in the page (each function is sent as source text: no closures) --

// Every tile: {camera, hidden, stats, pathLabel, statusText}.
function tilesInPage() {
  return [...document.querySelectorAll('camstream-player')].map((t) => ({
    camera: t.getAttribute('camera'),
    hidden: t.hidden,
    stats: t.stats,
    pathLabel: t.querySelector('.cs-path')?.textContent,
    statusText: t.querySelector('.cs-status')?.textContent,
    figures: t.querySelector('.cs-figures')?.textContent,
  }));
}

// True when the tiles of `cameras` (all of them, and only them, if `only`) are in `state`.
function tilesInState({ cameras, state, only }) {
  const tiles = [...document.querySelectorAll('camstream-player')].filter((t) => !t.hidden);
  const ids = tiles.map((t) => t.getAttribute('camera'));
  if (only && ids.length !== cameras.length) return false;
  return cameras.every((id) => tiles.some((t) => t.getAttribute('camera') === id && t.stats.state === state));
}

// -- helpers --

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1] : NaN;
};

async function waitForTiles(page, cameras, state, timeout, why, { only = false, logs = [] } = {}) {
  try {
    await page.waitFor(tilesInState, { cameras, state, only }, { timeout });
  } catch {
    const seen = (await page.evaluate(tilesInPage)).map((t) => `${t.camera}${t.hidden ? ' (hidden)' : ''}: ${t.stats.state} "${t.statusText}" ${t.stats.path}`);
    assert.fail(`tiles ${cameras.join(', ')} not ${state} within ${timeout} ms (${why}); tiles: ${JSON.stringify(seen)}\n${logs.map((p) => tail(p, 15)).join('\n')}`);
  }
}

// Plays: the picture changes within a second, with two more tries: on a busy machine WebKitGTK
// can hold a picture for a second or two (a tile whose picture stands still for 3 s starts
// over), and a frozen tile still fails all three.
async function assertPlays(page, camera, label) {
  let p;
  for (let attempt = 1; attempt <= 3; attempt++) {
    p = await comparePictures(page, { camera }, 1000, { settle: true });
    if (p.changed > 0 && p.max - p.min > 16) break;
    const stats = await page.evaluate((id) => document.querySelector(`camstream-player[camera="${id}"]`).stats, camera);
    console.log(`${label}: ${camera} not moving on try ${attempt}: ${JSON.stringify(p)}; ${JSON.stringify(stats)}`);
  }
  assert.ok(p.width > 0 && p.height > 0, `${label}: ${camera} shows no picture`);
  assert.ok(p.max - p.min > 16, `${label}: ${camera}'s picture is flat (luma ${p.min}..${p.max})`);
  assert.ok(p.changed > 0, `${label}: ${camera}'s picture did not change in a second`);
  return p;
}

async function waitForServerCameras(server, ids) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const list = await fetch(`http://127.0.0.1:${server.httpPort}/api/cameras`).then((r) => r.json()).catch(() => null);
    const ready = ids.every((id) => list?.cameras?.some((c) => c.id === id && c.connected));
    if (ready) return list;
    if (Date.now() > deadline) throw new Error(`cameras ${ids} not connected after 15 s\n${tail(server)}`);
    await sleep(100);
  }
}

const viewersOf = async (server, id) => {
  const list = await fetch(`http://127.0.0.1:${server.httpPort}/api/cameras`).then((r) => r.json());
  return list.cameras.find((c) => c.id === id)?.viewers;
};

// -- tests --

for (const engine of engines) {
  test(`wall in ${engine}: every camera plays with its delay, cameras come and go live, focus and paths`, { timeout: 300_000 }, async (t) => {
    assert.ok(ENGINES.includes(engine), `WALL_ENGINES names "${engine}"; engines are ${ENGINES.join(', ')}`);
    requirePrograms();
    const missing = await unavailable(engine);
    assert.equal(missing, null, missing ?? '');

    const server = await startServer();
    const ids = ['cam-a', 'cam-b', 'cam-c'];
    const cameras = new Map(ids.map((id) => [id, startCamera(server.httpPort, id)]));
    const logs = () => [server, ...cameras.values()];
    const browser = await openBrowser(engine);
    const pages = [];
    const newPage = async (path) => {
      const page = await browser.newPage();
      pages.push(page);
      await page.goto(`http://127.0.0.1:${server.httpPort}${path}`);
      return page;
    };
    try {
      await waitForServerCameras(server, ids);
      const page = await newPage('/');
      await page.evaluate(() => {
        window.__sameDocument = true;
      });

      // Three tiles, all live, all playing.
      await waitForTiles(page, ids, 'live', 20_000, 'three cameras streaming', { only: true, logs: logs() });
      for (const id of ids) {
        const p = await assertPlays(page, id, 'wall');
        // Moving, not a rate: a loaded machine slows the cameras and the engine's clock with them.
        assert.ok(p.advanced > 0.1, `${id}: currentTime moved ${p.advanced} s in a second`);
        t.diagnostic(`${id} picture ${JSON.stringify(p)}`);
      }
      let tiles = await page.evaluate(tilesInPage);
      const path = tiles[0].stats.path;
      for (const tile of tiles) {
        assert.equal(tile.stats.path, path, 'all tiles take the same path in one browser');
        assert.ok(tile.pathLabel && tile.pathLabel.length > 0, `${tile.camera}: the tile does not say which path it plays`);
        assert.equal(tile.stats.width, 640);
        assert.equal(tile.stats.height, 480);
      }
      console.log(`${engine}: tiles play through ${path} (${tiles[0].pathLabel})`);

      // The delay each tile shows: how long ago the server received the frame on screen.
      if (path !== 'mjpeg') {
        await sleep(2000);
        const samples = new Map(ids.map((id) => [id, []]));
        for (let i = 0; i < 16; i++) {
          for (const tile of await page.evaluate(tilesInPage)) samples.get(tile.camera)?.push(tile.stats.delayMs);
          await sleep(250);
        }
        for (const [id, values] of samples) {
          const m = median(values);
          console.log(`${engine}: ${id} delay shown: median ${m} ms (min ${Math.min(...values)}, max ${Math.max(...values)}, ${values.length} samples)`);
          assert.ok(values.every(Number.isFinite), `${id}: delay not a number: ${JSON.stringify(values)}`);
          assert.ok(m > 0 && m < 2000, `${id}: delay shown ${m} ms is not plausible (0..2000)`);
        }
        tiles = await page.evaluate(tilesInPage);
        for (const tile of tiles) assert.match(tile.figures, /delay \d+ ms/, `${tile.camera}: the tile does not show its delay`);
        t.diagnostic(`figures ${JSON.stringify(tiles.map((x) => `${x.camera}: ${x.figures}`))}`);
      }
      // Each tile's snapshot button links to a JPEG of its camera; every control has a label.
      const snapshot = await page.evaluate(async () => {
        const link = document.querySelector('camstream-player[camera="cam-a"] .cs-snapshot');
        const response = await fetch(link.href);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const unlabelled = [...document.querySelectorAll('camstream-player button, camstream-player a, header button')]
          .filter((el) => !el.hidden && !(el.getAttribute('aria-label') || el.textContent.trim()))
          .map((el) => el.outerHTML.slice(0, 80));
        return { status: response.status, type: response.headers.get('content-type'), soi: [bytes[0], bytes[1]], download: link.download, unlabelled };
      });
      assert.equal(snapshot.status, 200, `snapshot link: ${JSON.stringify(snapshot)}`);
      assert.match(String(snapshot.type), /^image\/jpeg/);
      assert.deepEqual(snapshot.soi, [0xff, 0xd8]);
      assert.equal(snapshot.download, 'cam-a.jpg');
      assert.deepEqual(snapshot.unlabelled, [], 'controls without a label');

      // The overlay for people measuring: every tile's delay in large figures; the URL keeps it.
      if (path !== 'mjpeg') {
        await page.click('#overlay-toggle');
        await page.waitFor(() => [...document.querySelectorAll('camstream-player .cs-overlay')].every((o) => !o.hidden && /^\d+ ms$/.test(o.textContent)), null, { timeout: 3000 });
        assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('overlay')), '1');
        assert.equal(await page.evaluate(() => document.getElementById('overlay-toggle').getAttribute('aria-pressed')), 'true');
      }
      mkdirSync(OUT_DIR, { recursive: true });
      await page.screenshot(`${OUT_DIR}wall-${engine}.png`);
      if (path !== 'mjpeg') await page.click('#overlay-toggle');

      // A hidden tab: every tile closes its stream after the grace period; shown again, all live.
      if (path === 'mse' || path === 'managed-mse') {
        await page.evaluate(() => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await page.waitFor(() => [...document.querySelectorAll('camstream-player')].every((t) => !t.stats.watching && t.stats.state === 'idle'), null, { timeout: 8000 });
        const deadline = Date.now() + 5000;
        while ((await viewersOf(server, 'cam-a')) !== 0 && Date.now() < deadline) await sleep(100);
        assert.equal(await viewersOf(server, 'cam-a'), 0, 'a hidden tab still has a viewer');
        await page.evaluate(() => {
          delete document.hidden;
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await waitForTiles(page, ids, 'live', 15_000, 'tab shown again', { only: true, logs: logs() });
        await assertPlays(page, 'cam-a', 'after the tab was shown again');
      }

      // A camera goes away: its tile says offline, the others play on. It comes back: live again.
      await stop(cameras.get('cam-b'));
      await waitForTiles(page, ['cam-b'], 'offline', 10_000, 'cam-b killed', { logs: [server] });
      await waitForTiles(page, ['cam-a', 'cam-c'], 'live', 1000, 'the other cameras still streaming');
      cameras.set('cam-b', startCamera(server.httpPort, 'cam-b'));
      await waitForTiles(page, ['cam-b'], 'live', 15_000, 'cam-b restarted', { logs: logs() });
      await assertPlays(page, 'cam-b', 'after its camera returned');

      // A new camera: a new tile, live.
      cameras.set('cam-d', startCamera(server.httpPort, 'cam-d'));
      await waitForTiles(page, [...ids, 'cam-d'], 'live', 20_000, 'a fourth camera connected', { only: true, logs: logs() });
      await assertPlays(page, 'cam-d', 'new tile');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page reloaded');

      // Click a tile: it alone is shown and the URL says which; the hidden tiles close their
      // streams after their grace period, so the server has no viewer for them.
      await page.click('camstream-player[camera="cam-c"] .cs-name');
      await waitForTiles(page, ['cam-c'], 'live', 5000, 'cam-c focused', { only: true });
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('camera')), 'cam-c');
      if (path === 'mse' || path === 'managed-mse') {
        await page.waitFor(() => [...document.querySelectorAll('camstream-player[hidden]')].every((t) => !t.stats.watching), null, { timeout: 8000 });
        const deadline = Date.now() + 5000;
        while ((await viewersOf(server, 'cam-a')) !== 0 && Date.now() < deadline) await sleep(100);
        assert.equal(await viewersOf(server, 'cam-a'), 0, 'cam-a still has a viewer while its tile is hidden');
        assert.ok((await viewersOf(server, 'cam-c')) >= 1, 'the focused camera has no viewer');
      }
      await page.press('Escape');
      await waitForTiles(page, [...ids, 'cam-d'], 'live', 15_000, 'back to the wall: hidden tiles reconnect', { only: true });
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('camera')), null);

      // The keyboard: Enter on a tile shows it alone, Escape returns.
      await page.evaluate(() => document.querySelector('camstream-player[camera="cam-d"]').focus());
      await page.press('Enter');
      await waitForTiles(page, ['cam-d'], 'live', 5000, 'Enter on cam-d', { only: true });
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('camera')), 'cam-d');
      await page.press('Escape');
      await page.waitFor(() => document.querySelectorAll('camstream-player:not([hidden])').length === 4, null, { timeout: 3000 });
      assert.deepEqual(page.consoleErrors, [], 'console errors on the wall');

      // ?camera=<id> opens that camera alone.
      const single = await newPage('/?camera=cam-a');
      await waitForTiles(single, ['cam-a'], 'live', 15_000, '?camera=cam-a', { only: true, logs: logs() });
      await assertPlays(single, 'cam-a', '?camera=cam-a');
      assert.deepEqual(single.consoleErrors, [], 'console errors with ?camera=');
      await single.close();

      // The last resort path: MJPEG in an <img>.
      const mjpeg = await newPage('/?path=mjpeg&camera=cam-b');
      await waitForTiles(mjpeg, ['cam-b'], 'live', 15_000, '?path=mjpeg', { only: true, logs: logs() });
      const [mjpegTile] = (await mjpeg.evaluate(tilesInPage)).filter((x) => !x.hidden);
      assert.equal(mjpegTile.stats.path, 'mjpeg');
      assert.equal(mjpegTile.pathLabel, 'MJPEG');
      await assertPlays(mjpeg, 'cam-b', 'MJPEG');
      assert.deepEqual(mjpeg.consoleErrors, [], 'console errors on the MJPEG path');
      await mjpeg.close();

      // Native HLS where the engine plays it; where not, the page says so and falls back.
      const hls = await newPage('/?path=hls&camera=cam-a');
      await hls.waitFor(() => document.querySelector('camstream-player:not([hidden])')?.stats.path, null, { timeout: 5000 });
      const [hlsTile] = (await hls.evaluate(tilesInPage)).filter((x) => !x.hidden);
      if (hlsTile.stats.path === 'hls') {
        await waitForTiles(hls, ['cam-a'], 'live', 30_000, '?path=hls', { only: true, logs: logs() });
        await assertPlays(hls, 'cam-a', 'native HLS');
        console.log(`${engine}: plays HLS natively`);
      } else {
        console.log(`${engine}: no native HLS (${hlsTile.stats.pathNote}); ?path=hls fell back to ${hlsTile.stats.path}`);
        assert.match(String(hlsTile.stats.pathNote), /cannot play hls/);
        await waitForTiles(hls, ['cam-a'], 'live', 15_000, 'fallback of ?path=hls', { only: true, logs: logs() });
        await assertPlays(hls, 'cam-a', 'fallback of ?path=hls');
      }
      await hls.close();
    } catch (error) {
      for (const [i, page] of pages.entries()) {
        console.log(`page ${i} console errors: ${JSON.stringify(page.consoleErrors)}`);
        const seen = await page.evaluate(tilesInPage).catch((e) => `(${e.message})`);
        console.log(`page ${i} tiles: ${JSON.stringify(seen)}`);
        mkdirSync(OUT_DIR, { recursive: true });
        await page.screenshot(`${OUT_DIR}wall-${engine}-failed-${i}.png`).catch(() => {});
      }
      console.log(`${tail(server)}\n${[...cameras.values()].map((c) => tail(c, 10)).join('\n')}`);
      throw error;
    } finally {
      // A browser that fails to clean up after itself must not hide what the test found.
      await browser.close().catch((error) => console.log(`closing ${engine}: ${error.message}`));
      for (const camera of cameras.values()) await stop(camera);
      await stop(server);
    }
  });
}
