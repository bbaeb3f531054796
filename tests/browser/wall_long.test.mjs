// The wall left open: N mock cameras drawing their frame numbers (--frame-code) into the
// picture and logging when each frame left (--frame-log), the wall page open for a while, and
// throughout:
//   - every tile stays live and its picture keeps moving (the frame number on screen advances);
//   - the delay each tile shows is within 50 ms of the delay measured from outside: the page
//     clock when a frame number is read off the video (through a canvas), minus when the
//     camera sent that frame (medians per tile over the run);
//   - in Chromium, the page's JS heap (after a forced GC) and the tab's memory (the renderer
//     process RSS, from /proc by PID) stay flat: last third against first third.
// Prints the figures: per tile and per engine, the median delay shown and measured, their
// difference, and the memory series.
//
// Not part of the default run (it takes minutes): tests/browser/run_long.sh, or
//   CAMSTREAM_SERVER=build/apps/camstream-server MOCK_CAMERA=build/apps/mock-camera \
//     LONG_MINUTES=1 LONG_CAMERAS=9 LONG_ENGINES=chromium [LONG_SIZE=640x480 LONG_WARMUP_S=40] \
//     node --test tests/browser/wall_long.test.mjs
// LONG_ENGINES=chromium,firefox,webkit LONG_CAMERAS=3 measures the delay in each engine (memory
// is measured in Chromium only: the others expose no heap figure to a test).

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, openBrowser, unavailable } from './engines.mjs';
import { CAMERA, OUT_DIR, requirePrograms, run, sleep, startServer, stop, stopAll, tail } from './harness.mjs';
import { FrameLog, median, sampleTiles, withOutsideDelay } from './outside_delay.mjs';

const MINUTES = Number(process.env.LONG_MINUTES || 1);
const CAMERAS = Number(process.env.LONG_CAMERAS || 9);
const engines = (process.env.LONG_ENGINES || 'chromium').split(',').map((e) => e.trim()).filter(Boolean);
const [WIDTH, HEIGHT] = (process.env.LONG_SIZE || '640x480').split('x').map(Number);
const SAMPLE_MS = 500;
// Buffers fill, the live-edge chase settles, and the renderer's memory reaches its working
// size (in Chromium with nine 640x480 tiles it grows for ~30 s, then stays) before figures count.
const WARMUP_MS = Number(process.env.LONG_WARMUP_S || 40) * 1000;
const MAX_DIFFERENCE_MS = 50;
// Big enough that a 3x3 wall fits without scrolling: a tile scrolled out of view stops.
const VIEWPORT = { width: 1920, height: 1080 };

after(() => stopAll());

const rssKiB = (pid) => {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  } catch {
    return NaN;
  }
};

// Chromium's memory figures for the page: JS heap in use after a forced GC (CDP), and the RSS
// of the renderer processes (CDP names their PIDs; one tab in a fresh browser has one).
async function chromiumMemory(browser, page) {
  if (!browser.cdp) {
    browser.cdp = await browser.raw.newBrowserCDPSession();
    page.cdp = await page.raw.context().newCDPSession(page.raw);
    await page.cdp.send('Performance.enable');
  }
  await page.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await page.cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  const { processInfo } = await browser.cdp.send('SystemInfo.getProcessInfo');
  const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
  return { heapMiB: heap / 2 ** 20, rssMiB: renderers.reduce((sum, pid) => sum + rssKiB(pid), 0) / 1024, renderers };
}

const thirds = (values) => {
  const n = Math.floor(values.length / 3);
  return { first: median(values.slice(0, n)), last: median(values.slice(values.length - n)) };
};

for (const engine of engines) {
  test(`${engine}: ${CAMERAS} cameras on the wall for ${MINUTES} min: live all along, delay shown = delay measured from outside${engine === 'chromium' ? ', memory flat' : ''}`, { timeout: (MINUTES * 60 + 180) * 1000 }, async (t) => {
    assert.ok(ENGINES.includes(engine), `LONG_ENGINES names "${engine}"; engines are ${ENGINES.join(', ')}`);
    const why = await unavailable(engine);
    if (why) assert.fail(why);
    requirePrograms();
    const dir = mkdtempSync(join(tmpdir(), 'camstream-long-'));
    const server = await startServer();
    const ids = Array.from({ length: CAMERAS }, (_, i) => `cam${i + 1}`);
    const logs = {};
    const cameras = ids.map((id) => {
      logs[id] = new FrameLog(join(dir, `${id}.txt`));
      return run(`mock-camera ${id}`, CAMERA, ['--host', '127.0.0.1', '--port', String(server.httpPort), '--id', id, '--fps', '25', '--width', String(WIDTH), '--height', String(HEIGHT), '--frame-code', '--frame-log', logs[id].path]);
    });
    const browser = await openBrowser(engine);
    try {
      const page = await browser.newPage(VIEWPORT);
      await page.goto(`http://127.0.0.1:${server.httpPort}/`);
      await page
        .waitFor((n) => {
          const tiles = [...document.querySelectorAll('camstream-player')];
          return tiles.length === n && tiles.every((tile) => tile.stats.state === 'live');
        }, CAMERAS, { timeout: 30_000 })
        .catch(async (error) => assert.fail(`not all ${CAMERAS} tiles live: ${error.message}\n${JSON.stringify(await page.evaluate(sampleTiles))}\n${tail(server)}`));
      await sleep(WARMUP_MS);

      const samples = []; // every tile's sample, every SAMPLE_MS
      const memory = [];
      const notLive = [];
      const lastMove = Object.fromEntries(ids.map((id) => [id, { code: null, at: Date.now() }]));
      let longestStill = { ms: 0 };
      const end = Date.now() + MINUTES * 60_000;
      let nextMemory = 0;
      while (Date.now() < end) {
        const taken = withOutsideDelay(await page.evaluate(sampleTiles), logs);
        for (const s of taken) {
          samples.push(s);
          if (s.state !== 'live') notLive.push(`${s.camera} ${s.state} at ${new Date(s.now).toISOString()}`);
          // How long the picture showed the same frame: from the sample that first saw it to
          // the one that saw the next (or to now, for a picture that is still stuck).
          const move = lastMove[s.camera];
          if (!move) continue;
          const still = s.now - move.at;
          if (still > longestStill.ms) longestStill = { ms: still, camera: s.camera, code: move.code };
          if (s.code !== move.code && s.code !== null) Object.assign(move, { code: s.code, at: s.now });
        }
        if (engine === 'chromium' && Date.now() >= nextMemory) {
          memory.push(await chromiumMemory(browser, page));
          nextMemory = Date.now() + 5000;
        }
        await sleep(SAMPLE_MS);
      }
      mkdirSync(OUT_DIR, { recursive: true });
      await page.screenshot(`${OUT_DIR}wall-long-${engine}.png`);

      // -- figures --
      const perTile = ids.map((id) => {
        const mine = samples.filter((s) => s.camera === id);
        const read = mine.filter((s) => Number.isFinite(s.outsideMs) && Number.isFinite(s.delayMs));
        const shown = median(read.map((s) => s.delayMs));
        const outside = median(read.map((s) => s.outsideMs));
        const each = median(read.map((s) => Math.abs(s.delayMs - s.outsideMs)));
        return { id, samples: mine.length, read: read.length, shown, outside, difference: shown - outside, medianAbsEach: each, path: mine.at(-1)?.path };
      });
      const all = samples.filter((s) => Number.isFinite(s.outsideMs) && Number.isFinite(s.delayMs));
      const shownAll = median(all.map((s) => s.delayMs));
      const outsideAll = median(all.map((s) => s.outsideMs));
      console.log(`\n${engine}, ${CAMERAS} cameras ${WIDTH}x${HEIGHT}, ${MINUTES} min, ${samples.length} tile samples (${all.length} with a frame code read and delay shown):`);
      for (const f of perTile) {
        console.log(`  ${f.id} ${f.path}: delay shown ${f.shown} ms, outside ${Math.round(f.outside)} ms, difference ${Math.round(f.difference)} ms (median |shown - outside| per sample ${Math.round(f.medianAbsEach)} ms; ${f.read}/${f.samples} samples read)`);
      }
      console.log(`  the page's server clock offset (0 is right here): median ${median(samples.map((s) => s.clockOffsetMs))} ms, uncertainty median ${median(samples.map((s) => s.clockUncertaintyMs))} ms`);
      console.log(`  all tiles: delay shown median ${shownAll} ms, outside median ${Math.round(outsideAll)} ms, difference ${Math.round(shownAll - outsideAll)} ms; longest a picture stood still ${Math.round(longestStill.ms)} ms (${longestStill.camera})`);
      if (memory.length) {
        console.log(`  JS heap MiB: ${memory.map((m) => m.heapMiB.toFixed(1)).join(' ')}`);
        console.log(`  renderer RSS MiB: ${memory.map((m) => m.rssMiB.toFixed(0)).join(' ')} (renderer PIDs ${memory.at(-1).renderers.join(', ')})`);
      }
      t.diagnostic(`${engine}: delay shown ${shownAll} ms, outside ${Math.round(outsideAll)} ms, difference ${Math.round(shownAll - outsideAll)} ms`);

      // -- checks --
      assert.deepEqual(notLive.slice(0, 20), [], `${notLive.length} tile samples were not live`);
      assert.ok(longestStill.ms < 2000, `camera ${longestStill.camera}'s picture stood still for ${Math.round(longestStill.ms)} ms (frame ${longestStill.code})`);
      for (const f of perTile) {
        assert.ok(f.read >= f.samples * 0.8, `${f.id}: frame code read and delay shown in only ${f.read} of ${f.samples} samples`);
        assert.ok(Math.abs(f.difference) <= MAX_DIFFERENCE_MS, `${f.id}: shows a delay of ${f.shown} ms, but the picture on screen is ${Math.round(f.outside)} ms old (off by ${Math.round(f.difference)} ms, more than ${MAX_DIFFERENCE_MS})`);
      }
      if (memory.length >= 6) {
        const heap = thirds(memory.map((m) => m.heapMiB));
        const rss = thirds(memory.map((m) => m.rssMiB));
        console.log(`  memory first third -> last third: JS heap ${heap.first.toFixed(1)} -> ${heap.last.toFixed(1)} MiB, renderer RSS ${rss.first.toFixed(0)} -> ${rss.last.toFixed(0)} MiB`);
        // Flat: a leak of even one small object per fragment (25 fps x N cameras) grows far more.
        assert.ok(heap.last <= heap.first * 1.2 + 2, `JS heap grew from ${heap.first.toFixed(1)} to ${heap.last.toFixed(1)} MiB`);
        assert.ok(rss.last <= rss.first * 1.2 + 30, `renderer RSS grew from ${rss.first.toFixed(0)} to ${rss.last.toFixed(0)} MiB`);
      } else if (engine === 'chromium') {
        t.diagnostic(`only ${memory.length} memory samples: too short a run to judge memory`);
      }
      await page.evaluate(() => true);
      assert.deepEqual(page.consoleErrors, [], `${engine}: console errors`);
    } catch (error) {
      console.log(`${tail(server)}\n${cameras.map((c) => tail(c, 5)).join('\n')}`);
      throw error;
    } finally {
      await browser.close();
      await Promise.all(cameras.map(stop));
      await stop(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
