// web/paths.js: which playback path each kind of browser gets, and forcing one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availablePaths, choosePath, nextPath } from '../../web/paths.js';

const mediaSource = (supported = /avc1\./) => {
  const Impl = function MediaSource() {};
  Impl.isTypeSupported = (mime) => supported.test(mime);
  return Impl;
};
const hls = (type) => (type === 'application/vnd.apple.mpegurl' ? 'maybe' : '');

const desktop = { MediaSource: mediaSource(), canPlayType: () => '' };
const macSafari = { MediaSource: mediaSource(), ManagedMediaSource: mediaSource(), canPlayType: hls };
const iPhone17 = { ManagedMediaSource: mediaSource(), canPlayType: hls };
const oldIPhone = { canPlayType: hls };
const bare = { canPlayType: () => '' };

test('each kind of browser gets its best path', () => {
  assert.equal(choosePath(desktop).path, 'mse');
  assert.equal(choosePath(macSafari).path, 'mse', 'MediaSource where it exists, even beside ManagedMediaSource');
  assert.equal(choosePath(iPhone17).path, 'managed-mse');
  assert.equal(choosePath(oldIPhone).path, 'hls');
  assert.equal(choosePath(bare).path, 'mjpeg');
  assert.deepEqual(availablePaths(macSafari), ['mse', 'managed-mse', 'hls', 'mjpeg']);
});

test('a MediaSource that cannot play H.264 does not count', () => {
  assert.equal(choosePath({ MediaSource: mediaSource(/vp9/), canPlayType: () => '' }).path, 'mjpeg');
});

test('a forced path is taken where the browser has it, else the best path with a note', () => {
  assert.deepEqual(choosePath(desktop, 'mjpeg'), { path: 'mjpeg', note: null });
  assert.deepEqual(choosePath(macSafari, 'hls'), { path: 'hls', note: null });
  assert.deepEqual(choosePath(desktop, 'hls'), { path: 'mse', note: 'this browser cannot play hls' });
  assert.deepEqual(choosePath(desktop, 'rtsp'), { path: 'mse', note: 'unknown path "rtsp"' });
});

test('after a failed path comes the next one, MJPEG last', () => {
  assert.equal(nextPath(macSafari, 'mse'), 'managed-mse');
  assert.equal(nextPath(oldIPhone, 'hls'), 'mjpeg');
  assert.equal(nextPath(bare, 'mjpeg'), 'mjpeg');
});
