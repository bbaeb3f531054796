// web/multipart.js: MJPEG parts cut from a byte stream however it is chunked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultipartReader, boundaryOf } from '../../web/multipart.js';

const enc = (s) => new TextEncoder().encode(s);
const jpeg = (n) => new Uint8Array([0xff, 0xd8, n, 13, 10, 45, 45, 0xff, 0xd9]); // CRLF-- inside the data

function stream(bodies, withLength = true) {
  const chunks = [];
  for (const body of bodies) {
    chunks.push(enc(`--frame\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${body.length}\r\n` : ''}\r\n`), body, enc('\r\n'));
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

test('boundary from the Content-Type', () => {
  assert.equal(boundaryOf('multipart/x-mixed-replace; boundary=frame'), 'frame');
  assert.equal(boundaryOf('multipart/x-mixed-replace;boundary="--abc"'), 'abc');
  assert.equal(boundaryOf('image/jpeg'), null);
});

test('parts with Content-Length, fed one byte at a time or all at once', () => {
  const bytes = stream([jpeg(1), jpeg(2), jpeg(3)]);
  for (const size of [1, 7, bytes.length]) {
    const reader = new MultipartReader('frame');
    const parts = [];
    for (let i = 0; i < bytes.length; i += size) parts.push(...reader.push(bytes.subarray(i, i + size)));
    assert.deepEqual(parts.map((p) => [...p.body]), [1, 2, 3].map((n) => [...jpeg(n)]), `chunks of ${size}`);
    assert.equal(parts[0].headers['content-type'], 'image/jpeg');
  }
});

test('parts without Content-Length end at the next boundary', () => {
  const reader = new MultipartReader('frame');
  const parts = reader.push(stream([enc('abc'), enc('defg'), enc('h')], false));
  assert.deepEqual(parts.map((p) => new TextDecoder().decode(p.body)), ['abc', 'defg'], 'the last waits for its boundary');
});

test('a part larger than allowed is an error, not a growing buffer', () => {
  const reader = new MultipartReader('frame', { maxPartBytes: 100 });
  assert.throws(() => reader.push(enc('--frame\r\nContent-Length: 1000\r\n\r\n')), /too large/);
});
