// web/camera-events.js over a fake WebSocket: the camera list, its changes, reconnecting with
// backoff, and /api/cameras while the socket is down.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CameraEvents, normaliseCamera } from '../../web/camera-events.js';
import { FakeWebSocket } from './fake_websocket.mjs';

function setup(fetchImpl = async () => ({ ok: false })) {
  const seen = [];
  const events = new CameraEvents(
    'ws://x/ws/events',
    {
      list: (l) => seen.push(['list', l]),
      camera: (c) => seen.push(['camera', c]),
      removed: (id) => seen.push(['removed', id]),
      connection: (s) => seen.push(['connection', s]),
    },
    { WebSocketImpl: FakeWebSocket, fetchImpl },
  );
  events.start();
  return { events, seen, socket: () => FakeWebSocket.instances.at(-1) };
}

test('the list, then one camera at a time, then a removal', () => {
  const { events, seen, socket } = setup();
  socket().open();
  socket().receive(JSON.stringify({ type: 'cameras', server_time: 1, cameras: [{ id: 'a', state: 'online', width: 640, height: 480 }, { id: 'b', state: 'offline' }, { nonsense: 1 }] }));
  socket().receive(JSON.stringify({ type: 'camera', id: 'b', state: 'online', width: 320, height: 240 }));
  socket().receive(JSON.stringify({ type: 'removed', id: 'a' }));
  assert.deepEqual(seen, [
    ['connection', 'open'],
    ['list', [{ id: 'a', state: 'online', width: 640, height: 480 }, { id: 'b', state: 'offline', width: 0, height: 0 }]],
    ['camera', { id: 'b', state: 'online', width: 320, height: 240 }],
    ['removed', 'a'],
  ]);
  events.stop();
});

test('a dropped socket reconnects after a backoff and takes the whole list again', async () => {
  const { events, seen, socket } = setup();
  const first = socket();
  first.open();
  first.receive(JSON.stringify({ type: 'cameras', cameras: [] }));
  first.drop();
  assert.deepEqual(seen.at(-1), ['connection', 'reconnecting']);
  assert.equal(socket(), first, 'no new socket at once');
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.notEqual(socket(), first, 'a new socket after the backoff');
  events.stop();
});

test('a server without /ws/events: the list comes from /api/cameras', async () => {
  const fetchImpl = async (url) => {
    assert.equal(url, '/api/cameras');
    return { ok: true, json: async () => ({ cameras: [{ id: 'porch', connected: true, width: 640, height: 480 }, { id: 'yard', connected: false }] }) };
  };
  const { events, seen, socket } = setup(fetchImpl);
  socket().drop(); // refused upgrade
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(seen.find((s) => s[0] === 'list'), ['list', [{ id: 'porch', state: 'online', width: 640, height: 480 }, { id: 'yard', state: 'offline', width: 0, height: 0 }]]);
  events.stop();
});

test('normaliseCamera refuses what is not a camera', () => {
  assert.equal(normaliseCamera(null), null);
  assert.equal(normaliseCamera({ id: 5 }), null);
});

test('a server that wants a login: unauthorized() once, and no more attempts', async () => {
  let asked = 0;
  const fetchImpl = async () => {
    asked++;
    return { ok: false, status: 401 };
  };
  const seen = [];
  const events = new CameraEvents('ws://x/ws/events', { connection: (s) => seen.push(s), unauthorized: () => seen.push('unauthorized') }, { WebSocketImpl: FakeWebSocket, fetchImpl });
  events.start();
  const socket = FakeWebSocket.instances.at(-1);
  socket.drop(); // the refused upgrade
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.deepEqual(seen, ['reconnecting', 'unauthorized']);
  assert.equal(asked, 1);
  assert.equal(FakeWebSocket.instances.at(-1), socket, 'no new socket after the login was asked for');
  events.stop();
});
