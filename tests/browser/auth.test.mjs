// Logins in Chromium against the real server: with --viewer-password the page asks for a login,
// after it the wall plays (the session cookie rides on every request and WebSocket), and a page
// served from another origin cannot open a viewer WebSocket even in the logged-in browser.
//
//   CAMSTREAM_SERVER=build/apps/camstream-server MOCK_CAMERA=build/apps/mock-camera \
//     node --test tests/browser/auth.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchBrowser, sleep, startCamera, startServer, stopAll, tail } from './harness.mjs';

let browser;
let server;
let camera;
let otherSite;

before(async () => {
  browser = await launchBrowser();
  server = await startServer(['--viewer-password', 'alice:wonderland', '--camera-token', 'cam-1=camera-secret']);
  camera = startCamera(server.httpPort, 'cam-1', ['--token', 'camera-secret']);
});

after(async () => {
  await browser?.close();
  otherSite?.close();
  await stopAll();
});

test('the page asks for a login, then the wall plays; another origin cannot open a viewer', async () => {
  const pageLog = [];
  const base = `http://127.0.0.1:${server.httpPort}`;
  // A context of our own: the page from the other origin opens in it too, with the cookie.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
  await page.goto(`${base}/`);
  const logs = () => `${pageLog.join('\n')}\n${tail(server)}\n${tail(camera)}`;

  assert.match(page.url(), /\/login(\?|$)/, `no login page: ${page.url()}\n${logs()}`);
  await page.fill('input[name=user]', 'alice');
  await page.fill('input[name=password]', 'not it');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(await page.textContent('body'), /Wrong user or password/);

  await page.fill('input[name=user]', 'alice');
  await page.fill('input[name=password]', 'wonderland');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/', logs());
  // The session cookie is HttpOnly: no script on the page can read it.
  assert.doesNotMatch(await page.evaluate(() => document.cookie), /camstream_session/);

  const tile = 'camstream-player[camera="cam-1"]';
  try {
    await page.waitForFunction((s) => document.querySelector(s)?.stats.state === 'live', tile, { timeout: 30000, polling: 100 });
  } catch {
    assert.fail(`cam-1 never played after the login\n${logs()}`);
  }
  const t1 = await page.evaluate((s) => document.querySelector(`${s} video`).currentTime, tile);
  await sleep(1500);
  const t2 = await page.evaluate((s) => document.querySelector(`${s} video`).currentTime, tile);
  assert.ok(t2 - t1 > 0.1, `video did not move after the login (${t1} -> ${t2})\n${logs()}`);
  assert.equal(await page.isVisible('#logout'), true, 'no "Log out" for the logged-in user');

  // Another origin (same host, another port: the same site, so even a SameSite=Strict cookie
  // would go along) tries the viewer socket from the logged-in browser.
  otherSite = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><script>
      window.result = new Promise((resolve) => {
        const ws = new WebSocket('ws://127.0.0.1:${server.httpPort}/ws/viewer/cam-1');
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      });
    </script>`);
  });
  await new Promise((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
  const evil = await context.newPage();
  await evil.goto(`http://127.0.0.1:${otherSite.address().port}/`);
  assert.equal(await evil.evaluate(() => window.result), 'refused', logs());
  assert.ok(server.log.some((l) => /refused viewer \/ws\/viewer\/cam-1 \(Origin http:\/\/127\.0\.0\.1:\d+ is not allowed\)/.test(l)), `no refusal logged\n${tail(server)}`);

  // Logging out sends the page back to the login form.
  await Promise.all([page.waitForNavigation(), page.click('#logout button')]);
  assert.match(page.url(), /\/login/);
});
