// Builds the few ISO-BMFF boxes camstream's stream has (init segment, prft + moof + mdat
// fragments), byte for byte in the server's layout, so the page's modules can be tested in
// node against the same shapes they parse in the browser.

const text = (type) => [...type].map((c) => c.charCodeAt(0));
const u32 = (v) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const u64 = (v) => {
  const big = BigInt(v);
  return [...u32(Number(big >> 32n)), ...u32(Number(big & 0xffffffffn))];
};

export function box(type, ...parts) {
  const body = parts.flat();
  return [...u32(8 + body.length), ...text(type), ...body];
}
const fullBox = (type, version, flags, ...parts) => box(type, [version, ...u32(flags).slice(1)], ...parts);

const bytes = (array) => new Uint8Array(array).buffer;

// ftyp + moov with one video track (mdhd timescale) and trex defaults.
export function initSegment({ timescale = 90000, trexFlags = 0x00010000 } = {}) {
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(timescale), u32(0), [0x55, 0xc4, 0, 0]);
  const trak = box('trak', fullBox('tkhd', 0, 3, new Array(80).fill(0)), box('mdia', mdhd));
  const trex = fullBox('trex', 0, 0, u32(1), u32(1), u32(0), u32(0), u32(trexFlags));
  return bytes([...box('ftyp', text('iso5'), u32(512), text('iso5')), ...box('moov', trak, box('mvex', trex))]);
}

export const KEY_FLAGS = 0x02000000;
export const DELTA_FLAGS = 0x01010000;

// One frame: optional prft (receivedMs: Unix ms, as the server's NTP timestamp), then moof with
// tfdt = decodeTime and one sample of duration ticks, then mdat.
export function fragment({ decodeTime, duration = 3600, key = false, receivedMs = null, payload = 100, sequence = 1 }) {
  const prft = [];
  if (receivedMs !== null) {
    const seconds = Math.floor(receivedMs / 1000) + 2208988800;
    const fraction = Math.round(((receivedMs % 1000) / 1000) * 2 ** 32);
    prft.push(...fullBox('prft', 1, 0, u32(1), u32(seconds), u32(Math.min(fraction, 2 ** 32 - 1)), u64(decodeTime)));
  }
  const trun = fullBox('trun', 0, 0x000701, u32(1), u32(0), u32(duration), u32(payload), u32(key ? KEY_FLAGS : DELTA_FLAGS));
  const traf = box('traf', fullBox('tfhd', 0, 0x020000, u32(1)), fullBox('tfdt', 1, 0, u64(decodeTime)), trun);
  const moof = box('moof', fullBox('mfhd', 0, 0, u32(sequence)), traf);
  return bytes([...prft, ...moof, ...box('mdat', new Array(payload).fill(0))]);
}
