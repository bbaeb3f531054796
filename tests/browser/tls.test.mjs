// The page over https:// in headless Chromium: a private CA and a server certificate for
// localhost made here with the openssl command, camstream-server with --tls-cert/--tls-key,
// mock-camera over wss:// trusting the CA, and Chromium told to trust exactly that
// certificate's key (--ignore-certificate-errors-spki-list), so the page, /ws/events and the
// viewer WebSocket all go over TLS. Video must play: pixels change between two drawings.
//
//   CAMSTREAM_SERVER=build/apps/camstream-server MOCK_CAMERA=build/apps/mock-camera \
//     node --test tests/browser/tls.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAMERA, CHROMIUM_LAUNCH, comparePictures, importPackage, openPage, requirePrograms, run, startServer, stopAll, tail } from './harness.mjs';

let dir;
let browser;

function openssl(...args) {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed (scripts/setup.sh --test installs openssl): ${error.stderr ?? error.message}`);
  }
}

// ca.pem, server.pem (localhost, 127.0.0.1) and server.key in `dir`.
function makeCertificates() {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-days', '2', '-subj', '/CN=camstream browser test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.csr'), '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-set_serial', '0x5150',
    '-days', '2', '-extfile', join(dir, 'server.ext'), '-out', join(dir, 'server.pem'));
}

// What --ignore-certificate-errors-spki-list takes: base64 of the SHA-256 of the public key.
function spkiHash(certFile) {
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

before(async () => {
  requirePrograms();
  dir = mkdtempSync(join(tmpdir(), 'camstream-tls-'));
  makeCertificates();
  const { chromium } = await importPackage('playwright-core');
  browser = await chromium.launch({
    ...CHROMIUM_LAUNCH,
    args: [...CHROMIUM_LAUNCH.args, `--ignore-certificate-errors-spki-list=${spkiHash(join(dir, 'server.pem'))}`],
  });
});

after(async () => {
  await browser?.close();
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the page over https plays a camera that streams over wss', { timeout: 120_000 }, async (t) => {
  const server = await startServer(['--tls-cert', join(dir, 'server.pem'), '--tls-key', join(dir, 'server.key')]);
  const camera = run('mock-camera', CAMERA, [
    '--url', `wss://localhost:${server.httpPort}/ws/camera/secure`, '--ca-file', join(dir, 'ca.pem'), '--fps', '25',
  ]);
  const pageLog = [];
  const page = await openPage(browser, null, pageLog);
  const response = await page.goto(`https://localhost:${server.httpPort}/?camera=secure`);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).protocol, 'https:');
  try {
    await page.waitForFunction(() => document.querySelector('camstream-player:not([hidden])')?.stats.state === 'live', null, {
      timeout: 30_000,
      polling: 100,
    });
  } catch {
    assert.fail(`the tile never went live over TLS\n${pageLog.join('\n')}\n${tail(server)}\n${tail(camera)}`);
  }
  // A loaded machine slows the mock camera: give the picture three tries to move.
  let pictures;
  for (let i = 0; i < 3; i++) {
    pictures = await comparePictures(page, 'camstream-player:not([hidden]) video', 1000, { settle: true });
    if (pictures.changed > 0) break;
  }
  t.diagnostic(`picture ${JSON.stringify(pictures)}`);
  assert.ok(pictures.width > 0 && pictures.height > 0, 'video has no size');
  assert.ok(pictures.max - pictures.min > 16, `video frame is flat (luma ${pictures.min}..${pictures.max})`);
  assert.ok(pictures.changed > 0, `the picture does not move over wss\n${pageLog.join('\n')}`);
  const errors = pageLog.filter((l) => l.startsWith('[pageerror]'));
  assert.deepEqual(errors, [], 'page errors');
});
