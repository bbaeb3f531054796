// web/clock.js: the server clock estimate and the media time -> receive time map behind the
// delay each tile shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReceiveTimes, ServerClock } from '../../web/clock.js';

test('offset from round trips: midpoint of the shortest trip wins', () => {
  let now = 1000;
  const clock = new ServerClock(() => now);
  assert.equal(clock.known, false);
  assert.equal(clock.serverNow(), 1000);

  clock.addServerTime(6000, 1000); // a bare server time: rough offset
  assert.equal(clock.offsetMs, 5000);

  // Server is 5000 ms ahead. A slow trip whose answer left late: midpoint says 5100.
  clock.addRoundTrip(1000, 6300, 1400);
  assert.equal(clock.offsetMs, 5100);
  // A fast trip: midpoint 5010, and it wins over the slow one.
  clock.addRoundTrip(2000, 7015, 2010);
  assert.equal(clock.offsetMs, 5010);
  assert.equal(clock.uncertaintyMs, 5);
  now = 3000;
  assert.equal(clock.serverNow(), 8010);

  // Answers that cannot belong to this page are ignored.
  clock.addRoundTrip(5000, 1, 4000);
  clock.addRoundTrip(NaN, 1, 4000);
  assert.equal(clock.offsetMs, 5010);
});

test('receive time of the frame on screen: the newest frame at or before the media time', () => {
  const times = new ReceiveTimes();
  assert.equal(times.receivedAt(1), null);
  for (let n = 0; n < 10; n++) times.add(100 + n * 0.04, 50_000 + n * 40 + 3);
  assert.equal(times.receivedAt(99.9), null, 'before the first frame');
  assert.equal(times.receivedAt(100), 50_003);
  assert.equal(times.receivedAt(100.059), 50_043, 'between frames: the earlier one is on screen');
  assert.equal(times.receivedAt(100.0795), 50_083, 'the video clock rounding a hair below the frame start');
  assert.equal(times.receivedAt(500), 50_000 + 9 * 40 + 3, 'past the end: the last frame');

  // A new timeline (media time going back) forgets the old one.
  times.add(5, 70_000);
  assert.equal(times.receivedAt(100), 70_000);
  assert.equal(times.frames.length, 1);
});

test('keeps a bounded number of frames', () => {
  const times = new ReceiveTimes();
  for (let n = 0; n < 5000; n++) times.add(n, n);
  assert.ok(times.frames.length <= 600);
  assert.equal(times.receivedAt(4999), 4999);
});
