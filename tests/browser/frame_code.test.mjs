// Unit test of the frame-code reader (no browser): pictures with a code drawn as the camera
// draws it, then spoilt the ways video spoils them (noise, level shifts, blur, chroma bleed).
//
//   node --test tests/browser/frame_code.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawFrameCode, inPage, readFrameCode } from './frame_code.mjs';

// A busy background like the test pattern's: gradients and a few hard edges.
function picture(width, height, seed = 1) {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x + y) * 3 + random() * 40) % 256;
      data[i + 3] = 255;
    }
  }
  return data;
}

function noisy(data, amount, seed = 7) {
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = new Uint8ClampedArray(data);
  for (let i = 0; i < out.length; i += 4) {
    for (let c = 0; c < 3; c++) out[i + c] = data[i + c] + (random() - 0.5) * 2 * amount;
  }
  return out;
}

// Limited range and a tint: what a wrong range flag or chroma bleeding does to black and white.
function squeezed(data) {
  const out = new Uint8ClampedArray(data);
  for (let i = 0; i < out.length; i += 4) {
    out[i] = 16 + (data[i] * 219) / 255 + 12;
    out[i + 1] = 16 + (data[i + 1] * 219) / 255;
    out[i + 2] = 16 + (data[i + 2] * 219) / 255 - 10;
  }
  return out;
}

// A 3x3 box blur: block edges smear as scaling and deblocking smear them.
function blurred(data, width, height) {
  const out = new Uint8ClampedArray(data);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += data[((y + dy) * width + x + dx) * 4 + c];
        out[(y * width + x) * 4 + c] = sum / 9;
      }
    }
  }
  return out;
}

test('reads back the numbers drawn, including 0 and the largest', () => {
  for (const n of [0, 1, 2, 25, 4095, 123456, 2 ** 24 - 1]) {
    const data = picture(640, 480, n + 3);
    drawFrameCode(data, 640, 480, n);
    assert.equal(readFrameCode(data, 640, 480), n);
  }
});

test('numbers wrap at 2^24, as the camera wraps them', () => {
  const data = picture(640, 480);
  drawFrameCode(data, 640, 480, 2 ** 24 + 7);
  assert.equal(readFrameCode(data, 640, 480), 7);
});

test('survives noise, squeezed levels with a tint, and blur', () => {
  for (let n = 5000; n < 5020; n++) {
    const data = picture(640, 480, n);
    drawFrameCode(data, 640, 480, n);
    assert.equal(readFrameCode(blurred(squeezed(noisy(data, 30, n)), 640, 480), 640, 480), n, `frame ${n}`);
  }
});

test('smaller pictures use smaller blocks; too small holds no code', () => {
  for (const [w, h] of [[320, 240], [160, 120], [68, 40]]) {
    const data = picture(w, h);
    drawFrameCode(data, w, h, 777);
    assert.equal(readFrameCode(data, w, h), 777, `${w}x${h}`);
  }
  const tiny = picture(60, 40);
  const before = new Uint8ClampedArray(tiny);
  drawFrameCode(tiny, 60, 40, 777);
  assert.deepEqual(tiny, before, 'a 60 px wide picture was drawn on');
  assert.equal(readFrameCode(tiny, 60, 40), null);
});

test('reads the bottom rows alone when told the picture height', () => {
  const data = picture(640, 480);
  drawFrameCode(data, 640, 480, 31337);
  const bottom = data.slice(640 * 464 * 4);
  assert.equal(readFrameCode(bottom, 640, 16, 480), 31337);
});

test('pictures without a code, and a flipped bit, read as null', () => {
  for (let seed = 1; seed < 50; seed++) assert.equal(readFrameCode(picture(640, 480, seed), 640, 480), null);
  assert.equal(readFrameCode(new Uint8ClampedArray(640 * 480 * 4), 640, 480), null, 'all black');

  const data = picture(640, 480);
  drawFrameCode(data, 640, 480, 4242);
  // Invert the block of the lowest bit of the number (block 25).
  for (let y = 464; y < 480; y++) {
    for (let x = 25 * 16; x < 26 * 16; x++) {
      const i = (y * 640 + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = 255 - data[i + c];
    }
  }
  assert.equal(readFrameCode(data, 640, 480), null);
});

test('the check is CRC-8/SMBUS as the camera computes it ("123" -> 0xC0)', () => {
  // 0x313233 is "123"; the camera's unit test pins the same value. Block i of the check is
  // bit 7 - i of the CRC.
  const data = picture(640, 480);
  drawFrameCode(data, 640, 480, 0x313233);
  const bits = [];
  for (let b = 26; b < 34; b++) bits.push(data[((480 - 8) * 640 + b * 16 + 8) * 4] > 128 ? 1 : 0);
  assert.equal(parseInt(bits.join(''), 2), 0xc0);
});

test('inPage makes one self-contained function that can call the reader', () => {
  const fn = inPage((arg) => {
    const data = new Uint8ClampedArray(arg.width * 16 * 4);
    return readFrameCode(data, arg.width, 16, 480); // eslint-disable-line no-undef
  });
  // As a page would get it: only the source text.
  const rebuilt = new Function(`return (${fn.toString()})`)(); // eslint-disable-line no-new-func
  assert.equal(rebuilt({ width: 640 }), null);
});
