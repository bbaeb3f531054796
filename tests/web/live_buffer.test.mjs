// LiveBuffer (web/live-buffer.js) over a fake MediaSource: the paths a browser rarely shows on
// demand (full buffer, backlog, gaps, ManagedMediaSource pausing the stream) run here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveBuffer, TUNING, stuckBeforeGap } from '../../web/live-buffer.js';
import { FakeManagedMediaSource, FakeMediaSource, FakeTimeRanges, FakeVideo, settle } from './fake_media_source.mjs';
import { fragment, initSegment } from './fmp4_build.mjs';

const FRAME = 3600; // 40 ms at 90 kHz

function setup({ mediaSource = new FakeMediaSource(), video = new FakeVideo(), tuning = TUNING } = {}) {
  const events = { fragments: [], resyncs: [], errors: [], blocked: 0 };
  const buffer = new LiveBuffer(mediaSource, video, {
    tuning,
    onFragment: (f) => events.fragments.push(f),
    onResync: (reason) => events.resyncs.push(reason),
    onError: (error) => events.errors.push(error),
    onAutoplayBlocked: () => events.blocked++,
  });
  return { buffer, mediaSource, video, events, sb: () => mediaSource.sourceBuffers[0] };
}

// Frames n..n+count-1 (frame 0 a keyframe unless told otherwise), appended in order.
function feed(buffer, from, count, { keyAt = [0] } = {}) {
  for (let n = from; n < from + count; n++) buffer.appendFragment(fragment({ decodeTime: n * FRAME, key: keyAt.includes(n) }));
}

test('waits for sourceopen, then appends init and fragments one at a time, in order', async () => {
  const { buffer, mediaSource, events, sb, video } = setup();
  buffer.setCodec('avc1.42E01E');
  buffer.appendInit(initSegment());
  feed(buffer, 2500, 10, { keyAt: [2500] }); // a connection's timeline may start anywhere
  await settle();
  assert.equal(mediaSource.sourceBuffers.length, 0, 'nothing may be added before sourceopen');

  mediaSource.open();
  await settle(30);
  assert.equal(sb().mime, 'video/mp4; codecs="avc1.42E01E"');
  assert.deepEqual(sb().appends, ['init', ...Array.from({ length: 10 }, (_, n) => ((2500 + n) * FRAME) / 90000)]);
  assert.equal(events.fragments.length, 10);
  assert.ok(Math.abs(events.fragments[3].decodeTime - 100.12) < 1e-9 && Math.abs(events.fragments[3].duration - 0.04) < 1e-9);
  assert.deepEqual(events.errors, []);
  assert.ok(video.plays >= 1 && !video.paused, 'playback started once video landed');
  assert.equal(video.currentTime, 100, 'the playhead moved to where the video is');
});

test('a backlog past maxQueued skips to the newest queued keyframe', async () => {
  const { buffer, mediaSource, sb, events } = setup({ tuning: { ...TUNING, maxQueued: 5 } });
  mediaSource.open();
  buffer.appendInit(initSegment()); // the SourceBuffer is busy with this while the frames pile up
  feed(buffer, 0, 6, { keyAt: [0, 3] });
  await settle(30);
  // 0..5 queued behind the init: at the 6th the queue overflows and restarts from keyframe 3.
  assert.deepEqual(sb().appends, ['init', 3, 4, 5].map((n) => (n === 'init' ? n : (n * FRAME) / 90000)));
  assert.equal(buffer.dropped, 3);
  assert.deepEqual(events.resyncs, [], 'a keyframe was at hand: no need for a new connection');
});

test('a backlog with no keyframe drops everything and asks for a resync; the next keyframe resumes', async () => {
  const { buffer, mediaSource, sb, events } = setup({ tuning: { ...TUNING, maxQueued: 5 } });
  mediaSource.open();
  buffer.appendInit(initSegment());
  feed(buffer, 1, 6, { keyAt: [] });
  feed(buffer, 7, 2, { keyAt: [] });
  feed(buffer, 9, 2, { keyAt: [9] });
  await settle(30);
  assert.deepEqual(sb().appends, ['init', 9 * FRAME / 90000, 10 * FRAME / 90000]);
  assert.deepEqual(events.resyncs, ['the buffer cannot keep up']);
  assert.equal(buffer.dropped, 8);
});

test('QuotaExceededError: drops the frame, frees played video, resumes at the next keyframe', async () => {
  const { buffer, mediaSource, sb, video, events } = setup();
  mediaSource.open();
  buffer.appendInit(initSegment());
  feed(buffer, 0, 50); // 2 s
  await settle(100);
  video.currentTime = 1.5;
  sb().quotaBytes = sb().bytes + 1; // the next append does not fit
  feed(buffer, 50, 3, { keyAt: [] });
  await settle(20);
  assert.deepEqual(events.resyncs, ['the buffer is full']);
  assert.deepEqual(sb().removes, [[0, 1.0]], 'played video (but the last half second) freed');
  assert.equal(sb().appends.length, 1 + 50, 'the refused frame and those after it are not appended');
  feed(buffer, 53, 2, { keyAt: [53] });
  await settle(20);
  assert.deepEqual(sb().appends.slice(51), [53, 54].map((n) => (n * FRAME) / 90000), 'resumed at keyframe 53');
  assert.equal(buffer.dropped, 3);
  assert.deepEqual(events.errors, []);
});

test('trims played video older than keepBehind, once trimSlack more has piled up', async () => {
  const { buffer, mediaSource, sb, video } = setup();
  mediaSource.open();
  buffer.appendInit(initSegment());
  for (let second = 0; second < 14; second++) {
    feed(buffer, second * 25, 25);
    await settle(60);
  }
  assert.equal(sb().buffered.end(0), 14);
  video.currentTime = 13.5;
  buffer.tick();
  await settle();
  assert.deepEqual(sb().removes, [[0, 3.5]], 'keepBehind seconds kept behind the playhead');
  assert.equal(sb().buffered.start(0), 3.5);

  // One more second played: only 1 s over keepBehind, under trimSlack: no remove yet.
  feed(buffer, 14 * 25, 25);
  await settle(60);
  video.currentTime = 14.5;
  buffer.tick();
  await settle();
  assert.equal(sb().removes.length, 1);
});

test('live edge: a small lag speeds playback up a little, a large one seeks, none plays at 1x', async () => {
  const { buffer, mediaSource, video } = setup();
  mediaSource.open();
  buffer.appendInit(initSegment());
  feed(buffer, 0, 50); // 2 s buffered
  await settle(80);
  const end = 2.0;

  video.currentTime = end - 0.04;
  buffer.tick();
  assert.equal(video.playbackRate, 1, 'at the edge: normal speed');

  video.currentTime = end - 0.5;
  const behind = buffer.tick();
  assert.ok(Math.abs(behind - 0.5) < 1e-9);
  assert.ok(video.playbackRate > 1 && video.playbackRate <= TUNING.maxRate, `rate ${video.playbackRate}`);

  video.currentTime = end - 1.5;
  buffer.tick();
  assert.ok(Math.abs(video.currentTime - (end - TUNING.jumpMargin)) < 1e-9, `seeked to ${video.currentTime}`);

  video.seeking = true; // a seek in flight is left alone
  video.currentTime = end - 1.5;
  buffer.tick();
  assert.equal(video.currentTime, end - 1.5);
});

test('a gap in decode times drops frames up to the next keyframe and asks for a resync', async () => {
  const { buffer, mediaSource, sb, events } = setup();
  mediaSource.open();
  buffer.appendInit(initSegment());
  feed(buffer, 0, 5);
  feed(buffer, 20, 3, { keyAt: [] }); // frames 5..19 never arrived
  feed(buffer, 23, 2, { keyAt: [23] });
  await settle(30);
  assert.deepEqual(sb().appends.slice(1), [0, 1, 2, 3, 4, 23, 24].map((n) => (n * FRAME) / 90000));
  assert.deepEqual(events.resyncs, ['gap in decode times']);

  // A jump onto a keyframe is fine (the server makes those after a camera reconnect).
  feed(buffer, 100, 1, { keyAt: [100] });
  await settle(10);
  assert.equal(sb().appends.at(-1), (100 * FRAME) / 90000);
  assert.equal(events.resyncs.length, 1);
});

test('the playhead stuck before a hole in the buffer jumps to the newest range', () => {
  const ranges = new FakeTimeRanges([[0, 1], [3, 4]]);
  assert.equal(stuckBeforeGap(ranges, 0.5), false, 'still plenty to play in the old range');
  assert.equal(stuckBeforeGap(ranges, 0.95), true, 'at the end of the old range');
  assert.equal(stuckBeforeGap(ranges, 2), true, 'in the hole');
  assert.equal(stuckBeforeGap(ranges, 3.5), false);
});

test('ManagedMediaSource: nothing is appended between endstreaming and startstreaming', async () => {
  const mediaSource = new FakeManagedMediaSource();
  const { buffer, sb, events } = setup({ mediaSource });
  mediaSource.open();
  buffer.appendInit(initSegment());
  mediaSource.setStreaming(true);
  feed(buffer, 0, 3);
  await settle(10);
  mediaSource.setStreaming(false);
  feed(buffer, 3, 3, { keyAt: [] });
  await settle(10);
  assert.equal(sb().appends.length, 1 + 3);
  assert.deepEqual(events.resyncs, ['the browser paused streaming']);
  mediaSource.setStreaming(true);
  feed(buffer, 6, 2, { keyAt: [] });
  feed(buffer, 8, 1, { keyAt: [8] });
  await settle(10);
  assert.deepEqual(sb().appends.slice(4), [(8 * FRAME) / 90000], 'resumed at the first keyframe after startstreaming');
});

test('a codec change on the same connection goes through changeType; an init resets dropping', async () => {
  const { buffer, mediaSource, sb } = setup();
  mediaSource.open();
  buffer.setCodec('avc1.42E01E');
  buffer.appendInit(initSegment());
  feed(buffer, 0, 2);
  buffer.dropping = true;
  buffer.setCodec('avc1.64001F');
  buffer.appendInit(initSegment());
  feed(buffer, 2, 1, { keyAt: [] }); // after an init the server's next frame is a keyframe anyway; accepted
  await settle(20);
  assert.deepEqual(sb().mimes, ['video/mp4; codecs="avc1.42E01E"', 'video/mp4; codecs="avc1.64001F"']);
  assert.equal(sb().appends.length, 5);
});

test('autoplay refused: reported once per attempt, and retried by tick()', async () => {
  const video = new FakeVideo({ refusePlay: true });
  const { buffer, mediaSource, events } = setup({ video });
  mediaSource.open();
  buffer.appendInit(initSegment());
  feed(buffer, 0, 3);
  await settle(20);
  assert.equal(events.blocked, 1);
  buffer.tick();
  await settle();
  assert.equal(events.blocked, 2);
  assert.equal(video.plays, 2);
});

test('an append error other than quota ends the buffer with onError; destroy stops all work', async () => {
  const { buffer, mediaSource, sb, events } = setup();
  mediaSource.open();
  buffer.appendInit(initSegment());
  await settle();
  sb().appendBuffer = () => {
    throw new DOMException('decode error', 'InvalidStateError');
  };
  feed(buffer, 0, 2);
  await settle();
  assert.equal(events.errors.length, 1);
  assert.equal(buffer.closed, true);
  feed(buffer, 2, 2);
  assert.equal(buffer.queue.length, 0);
});
