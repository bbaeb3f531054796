// Just enough ISO-BMFF for the player: which kind of segment a binary
// message holds, whether a fragment starts with a keyframe (so a viewer that
// had to drop fragments knows where to resume), a fragment's decode time and
// duration (so the player sees gaps), and its producer reference time (prft:
// when the server received the camera's picture, for the true delay).
//
// No DOM here: node's unit tests use it as the page does.

function boxType(bytes, offset) {
  return String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
}

// Calls visit(type, start, end) for each box in bytes[begin, end) where start
// is the first byte after the box header. Stops early if visit returns true.
function eachBox(view, begin, end, visit) {
  let offset = begin;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < header || offset + size > end) return;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (visit(boxType(bytes, offset), offset + header, offset + size)) return;
    offset += size;
  }
}

function findBox(view, begin, end, type) {
  let found = null;
  eachBox(view, begin, end, (t, start, stop) => {
    if (t === type) found = { start, end: stop };
    return found !== null;
  });
  return found;
}

// "init" for ftyp/moov, "media" for styp/moof/mdat, null for anything else.
export function segmentKind(buffer) {
  if (buffer.byteLength < 8) return null;
  const type = boxType(new Uint8Array(buffer, 0, 8), 0);
  if (type === 'ftyp' || type === 'moov') return 'init';
  if (type === 'moof' || type === 'styp' || type === 'sidx' || type === 'mdat' || type === 'prft') return 'media';
  return null;
}

// {duration, flags}: the sample defaults of the first trex of an init segment.
export function trexDefaults(buffer) {
  const none = { duration: 0, flags: null };
  const view = new DataView(buffer);
  const moov = findBox(view, 0, view.byteLength, 'moov');
  const mvex = moov && findBox(view, moov.start, moov.end, 'mvex');
  const trex = mvex && findBox(view, mvex.start, mvex.end, 'trex');
  // version/flags(4) track_ID(4) desc_index(4) duration(4) size(4) flags(4)
  if (!trex || trex.end - trex.start < 24) return none;
  return { duration: view.getUint32(trex.start + 12), flags: view.getUint32(trex.start + 20) };
}

// The first traf's tfhd fields that matter here.
function readTfhd(view, traf) {
  const tfhd = findBox(view, traf.start, traf.end, 'tfhd');
  const result = { duration: null, flags: null };
  if (!tfhd) return result;
  const flags = view.getUint32(tfhd.start) & 0xffffff;
  let offset = tfhd.start + 8; // version/flags, track_ID
  if (flags & 0x01) offset += 8; // base_data_offset
  if (flags & 0x02) offset += 4; // sample_description_index
  if (flags & 0x08) {
    result.duration = view.getUint32(offset);
    offset += 4;
  }
  if (flags & 0x10) offset += 4; // default_sample_size
  if (flags & 0x20 && offset + 4 <= tfhd.end) result.flags = view.getUint32(offset);
  return result;
}

function firstTraf(view) {
  const moof = findBox(view, 0, view.byteLength, 'moof');
  return moof && findBox(view, moof.start, moof.end, 'traf');
}

const isSync = (sampleFlags) => ((sampleFlags >>> 16) & 1) === 0;

// true / false if the fragment's first sample is / is not a sync sample;
// null if the fragment does not say. trexFlags: from trexDefaults().
export function startsWithKeyframe(buffer, trexFlags = null) {
  const view = new DataView(buffer);
  const traf = firstTraf(view);
  if (!traf) return null;
  const defaultFlags = readTfhd(view, traf).flags ?? trexFlags;

  const trun = findBox(view, traf.start, traf.end, 'trun');
  if (!trun) return defaultFlags === null ? null : isSync(defaultFlags);
  const flags = view.getUint32(trun.start) & 0xffffff;
  const sampleCount = view.getUint32(trun.start + 4);
  let offset = trun.start + 8;
  if (flags & 0x001) offset += 4; // data_offset
  if (flags & 0x004) return isSync(view.getUint32(offset)); // first_sample_flags
  if (flags & 0x400 && sampleCount > 0) {
    if (flags & 0x100) offset += 4; // sample_duration
    if (flags & 0x200) offset += 4; // sample_size
    return isSync(view.getUint32(offset));
  }
  return defaultFlags === null ? null : isSync(defaultFlags);
}

// The media timescale (ticks per second) of the first track of an init
// segment, from its mdhd; 0 if there is none.
export function mediaTimescale(buffer) {
  const view = new DataView(buffer);
  const moov = findBox(view, 0, view.byteLength, 'moov');
  const trak = moov && findBox(view, moov.start, moov.end, 'trak');
  const mdia = trak && findBox(view, trak.start, trak.end, 'mdia');
  const mdhd = mdia && findBox(view, mdia.start, mdia.end, 'mdhd');
  if (!mdhd) return 0;
  // version/flags, then creation and modification times of 4 or 8 bytes each
  const version = view.getUint8(mdhd.start);
  const at = mdhd.start + (version === 1 ? 20 : 12);
  return at + 4 <= mdhd.end ? view.getUint32(at) : 0;
}

// {decodeTime, duration}: the first traf's tfdt and the sum of its trun's
// sample durations (or the defaults' duration per sample), in timescale
// ticks; null if the fragment has no tfdt.
export function fragmentTiming(buffer, trexDuration = 0) {
  const view = new DataView(buffer);
  const traf = firstTraf(view);
  const tfdt = traf && findBox(view, traf.start, traf.end, 'tfdt');
  if (!tfdt) return null;
  const version = view.getUint8(tfdt.start);
  const decodeTime = version === 1 ? Number(view.getBigUint64(tfdt.start + 4)) : view.getUint32(tfdt.start + 4);
  const defaultDuration = readTfhd(view, traf).duration ?? trexDuration;
  let duration = 0;
  const trun = findBox(view, traf.start, traf.end, 'trun');
  if (trun) {
    const flags = view.getUint32(trun.start) & 0xffffff;
    const count = view.getUint32(trun.start + 4);
    let offset = trun.start + 8;
    if (flags & 0x001) offset += 4; // data_offset
    if (flags & 0x004) offset += 4; // first_sample_flags
    const fieldBytes = 4 * [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
    for (let i = 0; i < count && offset + fieldBytes <= trun.end; i++, offset += fieldBytes) {
      duration += flags & 0x100 ? view.getUint32(offset) : defaultDuration;
    }
  }
  return { decodeTime, duration };
}

// Seconds between 1900 (NTP's epoch) and 1970 (the Unix epoch).
const NTP_UNIX_OFFSET_S = 2208988800;

// {trackId, receivedMs, mediaTime}: the producer reference time box before a
// fragment's moof. receivedMs is its NTP timestamp as Unix milliseconds (for
// camstream: the server's clock when the camera's picture arrived); mediaTime
// is in the track's timescale. null if the buffer has no prft.
export function readPrft(buffer) {
  const view = new DataView(buffer);
  const prft = findBox(view, 0, view.byteLength, 'prft');
  if (!prft) return null;
  const version = view.getUint8(prft.start);
  const size = version === 1 ? 24 : 20;
  if (prft.end - prft.start < size) return null;
  const trackId = view.getUint32(prft.start + 4);
  const seconds = view.getUint32(prft.start + 8);
  const fraction = view.getUint32(prft.start + 12);
  const mediaTime = version === 1 ? Number(view.getBigUint64(prft.start + 16)) : view.getUint32(prft.start + 16);
  const receivedMs = (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000;
  return { trackId, receivedMs, mediaTime };
}
