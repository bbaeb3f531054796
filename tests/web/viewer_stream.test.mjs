// web/viewer-stream.js over a fake WebSocket: the viewer protocol's messages reach the right
// calls, clock round trips feed the server clock, prft comes out of each fragment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerClock } from '../../web/clock.js';
import { ViewerStream, viewerUrl } from '../../web/viewer-stream.js';
import { FakeWebSocket } from './fake_websocket.mjs';
import { fragment, initSegment } from './fmp4_build.mjs';

function open() {
  let now = 10_000;
  const clock = new ServerClock(() => now);
  const calls = [];
  const record = (name) => (...args) => calls.push([name, ...args]);
  const sink = Object.fromEntries(['open', 'close', 'status', 'init', 'initSegment', 'fragment'].map((n) => [n, record(n)]));
  const stream = new ViewerStream('ws://x/ws/viewer/cam', sink, { WebSocketImpl: FakeWebSocket, clock, now: () => now });
  const socket = FakeWebSocket.instances.at(-1);
  return { stream, socket, calls, clock, setNow: (t) => (now = t) };
}

test('viewer URLs: default camera on /ws/viewer, others escaped, wss on https', () => {
  assert.equal(viewerUrl('default', { protocol: 'http:', host: 'h:8080' }), 'ws://h:8080/ws/viewer');
  assert.equal(viewerUrl('porch', { protocol: 'https:', host: 'h' }), 'wss://h/ws/viewer/porch');
});

test('messages become calls: status, init, init segment, fragments with their prft', () => {
  const { stream, socket, calls } = open();
  socket.open();
  socket.receive(JSON.stringify({ type: 'status', camera: 'cam', state: 'online' }));
  socket.receive(JSON.stringify({ type: 'init', camera: 'cam', codec: 'avc1.42C01E', width: 640, height: 480 }));
  const init = initSegment();
  socket.receive(init);
  socket.receive(fragment({ decodeTime: 9000, key: true, receivedMs: 1_800_000_000_000 }));
  socket.receive('not json');
  socket.receive(JSON.stringify({ type: 'something new' }));
  socket.receive(new ArrayBuffer(3));
  assert.deepEqual(calls.slice(0, 4), [
    ['open'],
    ['status', 'online'],
    ['init', { codec: 'avc1.42C01E', width: 640, height: 480 }],
    ['initSegment', init],
  ]);
  const [name, , prft] = calls[4];
  assert.equal(name, 'fragment');
  assert.equal(prft.mediaTime, 9000);
  assert.ok(Math.abs(prft.receivedMs - 1_800_000_000_000) < 0.001);
  assert.equal(calls.length, 5, 'junk makes no calls');
  stream.close();
});

test('the server clock: bare server_time first, then round trips answered by the server', async () => {
  const { stream, socket, clock, setNow } = open();
  socket.receive(JSON.stringify({ type: 'clock', server_time: 15_000 }));
  assert.equal(clock.offsetMs, 5000);
  socket.open();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const asked = JSON.parse(socket.sent[0]);
  assert.deepEqual(asked, { type: 'clock', client_time: 10_000 });
  setNow(10_020);
  socket.receive(JSON.stringify({ type: 'clock', client_time: asked.client_time, server_time: 15_030 }));
  assert.equal(clock.offsetMs, 5020);
  assert.equal(clock.uncertaintyMs, 10);
  stream.close();
});

test('a dropped connection calls close once; closing it ourselves calls nothing', () => {
  const a = open();
  a.socket.open();
  a.socket.drop();
  assert.deepEqual(a.calls.map((c) => c[0]), ['open', 'close']);
  a.socket.receive(JSON.stringify({ type: 'status', state: 'offline' }));
  assert.equal(a.calls.length, 2);

  const b = open();
  b.socket.open();
  b.stream.close();
  assert.equal(b.socket.closedByPage, true);
  b.socket.drop();
  assert.deepEqual(b.calls.map((c) => c[0]), ['open']);
});
