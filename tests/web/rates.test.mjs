// web/rates.js: fps and bitrate from the fragments received.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateMeter, median } from '../../web/rates.js';

test('25 fragments a second of 4000 bytes: 25 fps, 800 kb/s, also in the first second', () => {
  const meter = new RateMeter(2000);
  for (let i = 0; i < 25; i++) meter.add(4000, 1000 + i * 40);
  assert.ok(Math.abs(meter.perSecond(2000) - 25) < 0.01, meter.perSecond(2000));
  assert.ok(Math.abs(meter.kbps(2000) - 800) < 0.01, meter.kbps(2000));
  for (let i = 25; i < 150; i++) meter.add(4000, 1000 + i * 40);
  assert.ok(Math.abs(meter.perSecond(7000) - 25) < 0.6, meter.perSecond(7000));
});

test('a stream that stops reads 0 once its window has passed', () => {
  const meter = new RateMeter(2000);
  for (let i = 0; i < 50; i++) meter.add(1000, i * 40);
  assert.equal(meter.perSecond(5000), 0);
  assert.equal(meter.kbps(5000), 0);
});

test('median', () => {
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});
