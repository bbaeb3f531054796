"""Prints the benchmarks' figures beside their goals, from the RESULT lines in a run's log.

  goals.py LOG    (bench/run.sh writes LOG)

Each benchmark prints "RESULT <what> key=value ..." lines; this reads the last of each kind and
prints a Markdown table: figure, goal, measured, met or missed by how much. A figure whose
benchmark did not run is listed as "not run".
"""
import sys


def results(path):
    found = {}
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith("RESULT "):
                continue
            words = line.split()
            fields = dict(w.split("=", 1) for w in words[2:] if "=" in w)
            key = words[1]
            # traffic and join lines are told apart by their first field
            if key in ("traffic", "join"):
                key += ":" + next(iter(fields.values()), "")
            found[key] = fields
    return found


def number(fields, name):
    try:
        return float(fields[name])
    except (KeyError, TypeError, ValueError):
        return None


def verdict(value, goal, higher_is_better):
    if value is None:
        return "not run"
    if higher_is_better:
        return "met" if value >= goal else f"missed by {goal - value:g} ({value / goal:.2f} of goal)"
    return "met" if value <= goal else f"missed by {value - goal:.3g} (x{value / goal:.2f} the goal)"


def main():
    r = results(sys.argv[1])
    rows = []

    def row(figure, goal_text, value, shown, goal, higher):
        rows.append((figure, goal_text, shown if value is not None else "-",
                     verdict(value, goal, higher) if goal is not None else
                     ("(no goal)" if value is not None else "not run")))

    p = r.get("pipeline", {})
    ratio = number(p, "ratio")
    row("watched camera: whole-server CPU / bare decode+encode in process (same run)", "<= x1.10",
        ratio, f"x{ratio:.2f} ({p.get('server_ms_per_frame')} vs {p.get('inproc_ms_per_frame')} "
        "ms/frame)" if ratio else "", 1.10, False)

    def cameras(case):
        f = r.get(case, {})
        return number(f, "n"), f

    for case, label in (("watched-clean", "watched cameras per core, clean pattern"),
                        ("watched-noisy", "watched cameras per core, camera-like noise"),
                        ("seeds-clean", "seeds' pipeline (ffmpeg per camera) per core, clean"),
                        ("seeds-noisy", "seeds' pipeline (ffmpeg per camera) per core, noisy")):
        n, f = cameras(case)
        row(label, "(side by side)", n,
            f"{n:g} ({f.get('cpu_ms_per_frame')} ms/frame)" if n is not None else "", None, True)
    n, _ = cameras("unwatched-nopacing")
    row("unwatched cameras per core, pacing off, no drops", ">= 200", n,
        f"{n:g}" if n is not None else "", 200, True)
    n, _ = cameras("unwatched-pacing")
    row("unwatched cameras per core, pacing on, no drops", ">= 1000", n,
        f"{n:g}" if n is not None else "", 1000, True)

    for case, label, goal in (("watched-clean", "RSS per watched camera (clean)", 4.0),
                              ("watched-noisy", "RSS per watched camera (noisy)", 4.0),
                              ("unwatched-nopacing", "RSS per unwatched camera (pacing off)", 0.5),
                              ("unwatched-pacing", "RSS per unwatched camera (pacing on)", 0.5)):
        mib = number(r.get(case, {}), "rss_mib_per_camera")
        row(label, f"<= {goal} MiB", mib, f"{mib:.3f} MiB" if mib is not None else "", goal,
            False)

    for pacing in ("on", "off"):
        f = r.get("traffic:" + pacing, {})
        mib = number(f, "mib_per_min")
        row(f"unwatched mock camera, pacing {pacing}: sent per minute", "(figure)", mib,
            f"{f.get('frames_per_min')} frames, {mib} MiB, encoded {f.get('encoded')}"
            if mib is not None else "", None, False)
    for camera in ("unwatched", "watched"):
        f = r.get("join:" + camera, {})
        p95 = number(f, "p95")
        goal = "<= 30 ms + one encoder start" if camera == "unwatched" else "<= 30 ms"
        row(f"join -> first fragment, {camera} camera (p50 / p95)", goal, p95,
            f"{f.get('p50')} / {f.get('p95')} ms", 30.0, False)

    print("| figure | goal | measured | verdict |")
    print("|---|---|---|---|")
    for figure, goal, shown, v in rows:
        print(f"| {figure} | {goal} | {shown} | {v} |")


if __name__ == "__main__":
    main()
