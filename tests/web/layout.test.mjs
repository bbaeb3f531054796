// web/layout.js: the wall's columns for a number of cameras and a window size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wallLayout } from '../../web/layout.js';

const laptop = { width: 1264, height: 650 };

test('tiles as large as fit: one alone fills the height, more share it', () => {
  const one = wallLayout({ n: 1, ...laptop });
  assert.equal(one.cols, 1);
  assert.ok(Math.abs(one.tileWidth - (650 - 36) * (4 / 3)) < 1, `one tile ${one.tileWidth}px wide`);
  assert.equal(wallLayout({ n: 2, ...laptop }).cols, 2);
  assert.equal(wallLayout({ n: 3, ...laptop }).cols, 3);
  assert.equal(wallLayout({ n: 4, ...laptop }).cols, 2, '2x2 beats 4 in a row on a 16:9 screen');
  assert.equal(wallLayout({ n: 9, ...laptop }).cols, 4);
});

test('a portrait phone stacks tiles in one column and scrolls', () => {
  const phone = { width: 390, height: 700 };
  for (const n of [2, 3, 9]) {
    const { cols, tileWidth } = wallLayout({ n, ...phone });
    assert.equal(cols, 1, `${n} cameras`);
    assert.equal(tileWidth, 390);
  }
});

test('many cameras on a small screen keep a usable tile width', () => {
  const { cols, tileWidth } = wallLayout({ n: 30, width: 1000, height: 600 });
  assert.equal(cols, 3);
  assert.ok(tileWidth >= 260);
});
