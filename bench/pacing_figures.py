"""Figures for bench/pacing.sh, against a running camstream-server with a camera "cam".

  pacing_figures.py traffic PORT SECONDS LABEL   frames and bytes the camera sent per minute
  pacing_figures.py join PORT N                  join -> first fragment, unwatched and watched
"""
import asyncio
import json
import statistics
import sys
import time
import urllib.request

import websockets


def camera(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/cameras") as r:
        return next(c for c in json.load(r)["cameras"] if c["id"] == "cam")


def traffic(port, seconds, label):
    a, t = camera(port), time.monotonic()
    time.sleep(seconds)
    b, dt = camera(port), time.monotonic() - t
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/cameras/cam/snapshot.jpg") as r:
        jpeg = len(r.read())
    per_minute = (b["frames_received"] - a["frames_received"]) * 60 / dt
    print(f"{label:12s}: {per_minute:6.0f} frames/min, {per_minute * jpeg / 1048576:6.2f} MiB/min "
          f"(JPEG {jpeg} B), frames encoded {b['frames_encoded']}")
    print(f"RESULT traffic pacing={label.split()[-1]} frames_per_min={per_minute:.0f} "
          f"mib_per_min={per_minute * jpeg / 1048576:.2f} encoded={b['frames_encoded']}")


async def first_fragment(port):
    t0 = time.perf_counter()
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/viewer/cam", max_size=None) as ws:
        while True:
            m = await ws.recv()
            if isinstance(m, bytes) and b"moof" in m[:64]:  # a prft box may come first
                return (time.perf_counter() - t0) * 1000


async def join(port, n):
    cold, warm = [], []
    for _ in range(n):
        await asyncio.sleep(1.5)  # past the linger: the encoder is released
        cold.append(await first_fragment(port))
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/viewer/cam", max_size=None) as keep:
        async def drain():
            async for _ in keep:
                pass
        task = asyncio.create_task(drain())
        await asyncio.sleep(1)
        for _ in range(n):
            warm.append(await first_fragment(port))
            await asyncio.sleep(0.6)  # past the 500 ms between forced keyframes
        task.cancel()
    for name, xs in (("unwatched camera", cold), ("watched camera", warm)):
        xs.sort()
        p95 = xs[max(0, int(round(len(xs) * 0.95)) - 1)]
        print(f"{name:16s}: p50 {statistics.median(xs):5.1f} ms, p95 {p95:5.1f} ms, "
              f"max {xs[-1]:5.1f} ms (n={len(xs)})")
        print(f"RESULT join camera={name.split()[0]} p50={statistics.median(xs):.1f} "
              f"p95={p95:.1f} max={xs[-1]:.1f}")


if __name__ == "__main__":
    what, port = sys.argv[1], sys.argv[2]
    if what == "traffic":
        traffic(port, float(sys.argv[3]), sys.argv[4])
    else:
        asyncio.run(join(port, int(sys.argv[3])))
