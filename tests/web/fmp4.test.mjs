// web/fmp4.js on fragments laid out as the server writes them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fragmentTiming, mediaTimescale, readPrft, segmentKind, startsWithKeyframe, trexDefaults } from '../../web/fmp4.js';
import { box, fragment, initSegment } from './fmp4_build.mjs';

test('a fragment that starts with prft is media; its prft gives receive time and media time', () => {
  const received = Date.UTC(2026, 11, 3, 10, 17, 13, 250);
  const data = fragment({ decodeTime: 123456789012, key: true, receivedMs: received });
  assert.equal(segmentKind(data), 'media');
  const prft = readPrft(data);
  assert.equal(prft.trackId, 1);
  assert.equal(prft.mediaTime, 123456789012);
  assert.ok(Math.abs(prft.receivedMs - received) < 0.001, `${prft.receivedMs} vs ${received}`);
});

test('no prft: null; a truncated prft: null, not garbage', () => {
  assert.equal(readPrft(fragment({ decodeTime: 0 })), null);
  const short = new Uint8Array(box('prft', [1, 0, 0, 0], new Array(8).fill(0))).buffer;
  assert.equal(readPrft(short), null);
});

test('decode time, duration and keyframe flag of a fragment; timescale and trex of an init', () => {
  const init = initSegment({ timescale: 90000 });
  assert.equal(segmentKind(init), 'init');
  assert.equal(mediaTimescale(init), 90000);
  assert.equal(mediaTimescale(initSegment({ timescale: 1000 })), 1000);
  assert.deepEqual(trexDefaults(init), { duration: 0, flags: 0x00010000 });
  const key = fragment({ decodeTime: 2 ** 33 + 7, duration: 3000, key: true, receivedMs: 1e12 });
  assert.deepEqual(fragmentTiming(key), { decodeTime: 2 ** 33 + 7, duration: 3000 });
  assert.equal(startsWithKeyframe(key), true);
  assert.equal(startsWithKeyframe(fragment({ decodeTime: 1 })), false);
});

test('junk and short buffers are not segments and parse to nothing', () => {
  assert.equal(segmentKind(new ArrayBuffer(4)), null);
  assert.equal(segmentKind(new TextEncoder().encode('hello world!').buffer), null);
  assert.equal(fragmentTiming(new ArrayBuffer(16)), null);
  assert.equal(mediaTimescale(new ArrayBuffer(0)), 0);
});
