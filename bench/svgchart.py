#!/usr/bin/env python3
"""A small line chart as SVG, standard library only (no matplotlib on the benchmark machine).

    bench/svgchart.py SPEC.json OUT.svg

SPEC: {"title": "...", "x_label": "...", "y_label": "...", "x_log2": false,
       "series": [{"name": "ours", "points": [[1, 23000], [4, 41000]]}, ...]}
Points of a series are joined by lines and marked with dots labelled with their value; the x axis
has a tick at every x that occurs (categorical when x_log2 is set: equal spacing per power of two).
"""
import json
import math
import sys
from xml.sax.saxutils import escape

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]


def nice_max(v):
    if v <= 0:
        return 1
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def label(v):
    if abs(v) >= 1000:
        return f"{v / 1000:,.1f}k".replace(".0k", "k")
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.2g}"


def render(spec):
    width, height = 640, 380
    left, right, top, bottom = 80, 150, 40, 55
    pw, ph = width - left - right, height - top - bottom
    series = [s for s in spec["series"] if s.get("points")]
    xs = sorted({p[0] for s in series for p in s["points"]})
    ys = [p[1] for s in series for p in s["points"] if p[1] is not None]
    ymax = nice_max(max(ys) * 1.1 if ys else 1)

    def xpos(x):
        if len(xs) == 1:
            return left + pw / 2
        if spec.get("x_log2"):
            lo, hi = math.log2(xs[0]), math.log2(xs[-1])
            return left + (math.log2(x) - lo) / (hi - lo) * pw
        return left + (x - xs[0]) / (xs[-1] - xs[0]) * pw

    def ypos(y):
        return top + ph - y / ymax * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{escape(spec.get("title", ""))}</text>']
    for i in range(6):
        y = ymax * i / 5
        out.append(f'<line x1="{left}" y1="{ypos(y):.1f}" x2="{left + pw}" y2="{ypos(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{ypos(y) + 4:.1f}" text-anchor="end">{label(y)}</text>')
    for x in xs:
        out.append(f'<line x1="{xpos(x):.1f}" y1="{top + ph}" x2="{xpos(x):.1f}" y2="{top + ph + 5}" stroke="#333"/>')
        out.append(f'<text x="{xpos(x):.1f}" y="{top + ph + 18}" text-anchor="middle">{escape(str(x))}</text>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#333"/>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 12}" text-anchor="middle">{escape(spec.get("x_label", ""))}</text>')
    out.append(f'<text x="18" y="{top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 {top + ph / 2})">'
               f'{escape(spec.get("y_label", ""))}</text>')
    for i, s in enumerate(series):
        color = COLORS[i % len(COLORS)]
        pts = [(xpos(x), ypos(y), y) for x, y in s["points"] if y is not None]
        if len(pts) > 1:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                       + " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in pts) + '"/>')
        for px, py, y in pts:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{color}"/>')
            dy = -8 if i % 2 == 0 else 16
            out.append(f'<text x="{px:.1f}" y="{py + dy:.1f}" text-anchor="middle" fill="{color}" font-size="11">{label(y)}</text>')
        ly = top + 10 + i * 20
        out.append(f'<line x1="{left + pw + 15}" y1="{ly}" x2="{left + pw + 35}" y2="{ly}" stroke="{color}" stroke-width="3"/>')
        out.append(f'<text x="{left + pw + 40}" y="{ly + 4}">{escape(s["name"])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        print("usage: svgchart.py SPEC.json OUT.svg", file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    with open(sys.argv[2], "w") as f:
        f.write(render(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
