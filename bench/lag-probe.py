#!/usr/bin/python3
"""Replication lag probe and chart for bench/parts/lag.sh (Debian's python3 with psycopg2).

  lag-probe.py probe ROOT_DSN LEAF_DSN SECONDS RATE OUT.csv
      Inserts a row into public.lag_probe on the root RATE times per second for SECONDS (autocommit: the time
      taken is when the commit returned), and polls the leaf every 5 ms for the highest id there; the first
      poll that sees an id is its arrival. Writes "id,t_s,lag_ms" (t_s: seconds since the start) and prints
      "p50 p99 count missing" (ms). Rows that never arrive within 30 s after the end count as missing.
  lag-probe.py chart OUT.svg TITLE NAME=FILE.csv [NAME=FILE.csv ...]
      Lag over time, one line per CSV, log scale (native LR is milliseconds, the original seconds).

Ids come from one writer's bigserial, so they are in commit order: everything up to the highest id seen on the
leaf has arrived. The writer and the poller run on the same machine, so both times are on one clock.
"""
import math
import sys
import threading
import time

POLL_S = 0.005
DRAIN_S = 30.0


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, math.ceil(p / 100.0 * len(ordered)) - 1)
    return ordered[rank]


def probe(root_dsn, leaf_dsn, seconds, rate, out):
    import psycopg2

    root = psycopg2.connect(root_dsn)
    root.autocommit = True
    leaf = psycopg2.connect(leaf_dsn)
    leaf.autocommit = True
    committed = {}
    arrived = {}
    lock = threading.Lock()
    writing = threading.Event()
    writing.set()
    start = time.time()

    def poll():
        cur = leaf.cursor()
        seen = 0
        while True:
            cur.execute("select coalesce(max(id), 0) from public.lag_probe")
            top = cur.fetchone()[0]
            now = time.time()
            if top > seen:
                with lock:
                    for i in range(seen + 1, top + 1):
                        arrived[i] = now
                seen = top
            with lock:
                done = not writing.is_set() and all(i in arrived for i in committed)
            if done or (not writing.is_set() and now > start + seconds + DRAIN_S):
                return
            time.sleep(POLL_S)

    poller = threading.Thread(target=poll)
    poller.start()
    cur = root.cursor()
    step = 1.0 / rate
    n = 0
    while time.time() < start + seconds:
        cur.execute("insert into public.lag_probe (note) values ('probe') returning id")
        row_id = cur.fetchone()[0]
        with lock:
            committed[row_id] = time.time()
        n += 1
        pause = start + n * step - time.time()
        if pause > 0:
            time.sleep(pause)
    writing.clear()
    poller.join()
    lags = []
    with open(out, "w") as f:
        f.write("id,t_s,lag_ms\n")
        for row_id in sorted(committed):
            if row_id in arrived:
                lag = max(0.0, (arrived[row_id] - committed[row_id]) * 1000.0)
                lags.append(lag)
                f.write("%d,%.3f,%.1f\n" % (row_id, committed[row_id] - start, lag))
    missing = len(committed) - len(lags)
    print("%.1f %.1f %d %d" % (percentile(lags, 50), percentile(lags, 99), len(lags), missing))


def chart(out, title, series):
    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    width, height = 900, 420
    left, right, top, bottom = 70, 240, 40, 50
    data = []
    for spec in series:
        name, path = spec.split("=", 1)
        points = []
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    _, t, lag = line.strip().split(",")
                    points.append((float(t), max(float(lag), 1.0)))
        except (OSError, StopIteration):
            pass
        data.append((name, points))
    t_max = max([p[0] for _, pts in data for p in pts] + [1.0])
    lag_max = max([p[1] for _, pts in data for p in pts] + [10.0])
    y_lo, y_hi = 0.0, math.ceil(math.log10(lag_max))
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(t):
        return left + t / t_max * plot_w

    def y(ms):
        return top + plot_h - (math.log10(ms) - y_lo) / (y_hi - y_lo) * plot_h

    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14">%s</text>' % (left, title)]
    decade = int(y_lo)
    while decade <= y_hi:
        ms = 10 ** decade
        svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, left + plot_w, y(ms), y(ms)))
        label = "%g ms" % ms if ms < 1000 else "%g s" % (ms / 1000)
        svg.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 6, y(ms) + 4, label))
        decade += 1
    for i in range(0, 6):
        t = t_max * i / 5
        svg.append('<text x="%.1f" y="%d" text-anchor="middle">%.0f s</text>' % (x(t), top + plot_h + 18, t))
    svg.append('<text x="%d" y="%d" text-anchor="middle">time since the probe started (seed load running)</text>' % (left + plot_w / 2, height - 10))
    svg.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>' % (left, top, plot_w, plot_h))
    for k, (name, points) in enumerate(data):
        color = colors[k % len(colors)]
        if points:
            path = " ".join("%.1f,%.1f" % (x(t), y(ms)) for t, ms in points)
            svg.append('<polyline fill="none" stroke="%s" stroke-width="1.2" points="%s"/>' % (color, path))
            lags = [ms for _, ms in points]
            legend = "%s: p50 %.0f, p99 %.0f ms" % (name, percentile(lags, 50), percentile(lags, 99))
        else:
            legend = "%s: no data" % name
        svg.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="3"/>' % (width - right + 10, width - right + 28, top + 12 + 18 * k, top + 12 + 18 * k, color))
        svg.append('<text x="%d" y="%d" font-size="11">%s</text>' % (width - right + 32, top + 16 + 18 * k, legend))
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 7 and sys.argv[1] == "probe":
        probe(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) >= 5 and sys.argv[1] == "chart":
        chart(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.stderr.write("usage: lag-probe.py probe ROOT_DSN LEAF_DSN SECONDS RATE OUT.csv | chart OUT.svg TITLE NAME=CSV...\n")
        sys.exit(2)
