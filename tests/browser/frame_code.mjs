// Reads the frame number mock-camera --frame-code draws along the bottom of its picture, from
// the RGBA pixels of a canvas (e.g. a <video> drawn with drawImage), so a test can tell which
// camera frame a page shows. The layout is the camera's (src/camera/host/frame_code.hpp):
//
//   34 square blocks from the left edge of the bottom row, block size min(16, width / 34, height):
//   white, black (reference levels), 24 bits of the frame number modulo 2^24 (most significant
//   first, white = 1), 8 bits of CRC-8 (poly 0x07, init 0) of the number's 3 bytes, big-endian.
//
// readFrameCode is self-contained (no outside names) so it can be sent into a page:
// inPage(fn) wraps a page function so it can call readFrameCode and (await) readVideoFrameCode there.

// The frame number in `data` (RGBA, `width` px wide, rows top to bottom), or null if it holds
// no readable code. `data` may be just the bottom rows of a picture `pictureHeight` px high.
export function readFrameCode(data, width, height, pictureHeight = height) {
  const BLOCKS = 34;
  const size = Math.min(16, Math.floor(width / BLOCKS), pictureHeight);
  if (size < 2 || height < size) return null;
  // Mean luma of the middle half of a block: its edges blur into the neighbours.
  const luma = (index) => {
    let sum = 0;
    let count = 0;
    const x0 = index * size + (size >> 2);
    const x1 = index * size + size - (size >> 2);
    for (let y = height - size + (size >> 2); y < height - (size >> 2); y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * width + x) * 4;
        sum += 2 * data[i] + 5 * data[i + 1] + data[i + 2];
        count++;
      }
    }
    return count ? sum / (8 * count) : 0;
  };
  const white = luma(0);
  const black = luma(1);
  if (white - black < 96) return null;
  const threshold = (white + black) / 2;
  let number = 0;
  for (let i = 0; i < 24; i++) number = number * 2 + (luma(2 + i) > threshold ? 1 : 0);
  let check = 0;
  for (let i = 0; i < 8; i++) check = check * 2 + (luma(26 + i) > threshold ? 1 : 0);
  let crc = 0;
  for (const shift of [16, 8, 0]) {
    crc ^= (number >> shift) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc === check ? number : null;
}

// In a page: the frame number a <video> (or <img>, <canvas>) shows now, or null; a promise.
// Reads only the bottom 16 rows, at the picture's own size whatever size it is shown at.
// A video is read through WebCodecs' VideoFrame where the engine has it: drawing video into a
// canvas makes headless Chromium's renderer grow by megabytes a second (a cache it fills up to
// several hundred MiB), which would swamp the memory figures of the page being measured.
export async function readVideoFrameCode(element) {
  const width = element.videoWidth || element.naturalWidth || element.width;
  const height = element.videoHeight || element.naturalHeight || element.height;
  if (!width || !height) return null;
  const rows = Math.min(16, height);
  const top = (height - rows) & ~1; // 4:2:0 planes need an even top
  const span = height - top;
  if (element instanceof HTMLVideoElement && typeof VideoFrame === 'function' && !window.__frameCodeNoVideoFrame) {
    if (element.readyState < 2) return null;
    let frame;
    try {
      frame = new VideoFrame(element);
      const rect = { x: 0, y: top, width, height: span };
      const planes = new Uint8Array(frame.allocationSize({ rect }));
      const layout = await frame.copyTo(planes, { rect });
      const rgba = new Uint8ClampedArray(width * span * 4);
      const format = frame.format;
      if (/^(I4|NV12)/.test(format)) {
        // Luma plane first: grey pixels are enough for black and white blocks.
        const { offset, stride } = layout[0];
        for (let y = 0; y < span; y++) {
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            rgba[i] = rgba[i + 1] = rgba[i + 2] = planes[offset + y * stride + x];
          }
        }
      } else if (/^(RGB|BGR)/.test(format)) {
        const { offset, stride } = layout[0];
        const [r, b] = format.startsWith('BGR') ? [2, 0] : [0, 2];
        for (let y = 0; y < span; y++) {
          for (let x = 0; x < width; x++) {
            const o = offset + y * stride + x * 4;
            const i = (y * width + x) * 4;
            rgba[i] = planes[o + r];
            rgba[i + 1] = planes[o + 1];
            rgba[i + 2] = planes[o + b];
          }
        }
      } else {
        throw new Error(`VideoFrame format ${format}`);
      }
      // eslint-disable-next-line no-undef -- defined beside it by inPage()
      return readFrameCode(rgba, width, span, height);
    } catch {
      window.__frameCodeNoVideoFrame = true; // this engine cannot: the canvas from now on
    } finally {
      frame?.close();
    }
  }
  // One canvas for the page's whole life rather than one per reading.
  const canvas = (window.__frameCodeCanvas ||= document.createElement('canvas'));
  canvas.width = width;
  canvas.height = span;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(element, 0, top, width, span, 0, 0, width, span);
  // eslint-disable-next-line no-undef -- defined beside it by inPage()
  return readFrameCode(ctx.getImageData(0, 0, width, span).data, width, span, height);
}

// A page function `fn(arg)` that may call readFrameCode and readVideoFrameCode, as one
// function whose source carries both (what page.evaluate sends into the page).
export function inPage(fn) {
  // eslint-disable-next-line no-new-func -- the point: one self-contained function source
  return new Function(
    'arg',
    `const readFrameCode = ${readFrameCode};\nconst readVideoFrameCode = ${readVideoFrameCode};\nreturn (${fn})(arg);`,
  );
}

// The camera's drawing, for the tests of the reader: the code for `number` over the bottom row
// of an RGBA picture.
export function drawFrameCode(data, width, height, number) {
  const size = Math.min(16, Math.floor(width / 34), height);
  if (size < 2) return;
  const value = number % 2 ** 24;
  let crc = 0;
  for (const shift of [16, 8, 0]) {
    crc ^= (value >> shift) & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  const bits = [1, 0];
  for (let i = 23; i >= 0; i--) bits.push((value >> i) & 1);
  for (let i = 7; i >= 0; i--) bits.push((crc >> i) & 1);
  bits.forEach((bit, b) => {
    for (let y = height - size; y < height; y++) {
      for (let x = b * size; x < (b + 1) * size; x++) {
        const i = (y * width + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = bit ? 255 : 0;
        data[i + 3] = 255;
      }
    }
  });
}
