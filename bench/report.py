#!/usr/bin/env python3
"""Merges the parts' JSON files (bench/parts/<NAME>.sh wrote $BENCH_OUT/<NAME>.json) into
bench/results/latest.json and bench/results/latest.md, with the machine's facts and one ratio per
reference. Run by ./bench.sh; standard library only."""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

REFERENCES = ["londiste3", "native_lr", "copy_pipe", "none"]
# The figures each part is expected to write, so that a part that failed before writing its JSON
# still shows up in the table with the reason.
EXPECTED = {
    "provider_tps": ["provider_tps", "provider_tps_with_workers"],
    "apply": ["apply_events_per_s"],
    "queue": ["queue_events_per_s"],
    "worker_rss": ["worker_rss_mb"],
    "copy": ["copy_rows_per_s"],
    "compare": ["compare_s"],
    "lag": ["lag_p50_ms", "lag_p99_ms"],
}


def ratio(figure, ref):
    """ours relative to a reference, oriented so that > 1 means ours is better."""
    ours = figure.get("ours")
    other = (figure.get("references") or {}).get(ref)
    if not isinstance(ours, (int, float)) or not isinstance(other, (int, float)) or ours == 0 or other == 0:
        return None
    if figure.get("better") == "lower":
        return other / ours
    return ours / other


def machine_facts(pg_settings):
    facts = {"cores": os.cpu_count()}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    facts["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    facts["cpu_model"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/loadavg") as f:
            facts["load_avg_at_end"] = " ".join(f.read().split()[:3])
    except OSError:
        pass
    facts["os"] = platform.platform()
    facts["postgresql"] = pg_settings
    return facts


def fmt(value):
    if value is None:
        return "—"
    if isinstance(value, (int, float)):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:,.1f}"
        return f"{value:,.2f}"
    return str(value)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parts-dir", required=True)
    ap.add_argument("--status", required=True)
    ap.add_argument("--quick", default="0")
    ap.add_argument("--started", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--pg-settings", default=None)
    args = ap.parse_args()

    statuses = []
    with open(args.status) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                statuses.append({"part": cols[0], "status": cols[1], "seconds": int(cols[2] or 0),
                                 "reason": cols[3] if len(cols) > 3 and cols[3] else None,
                                 "load": cols[4] if len(cols) > 4 and cols[4] else None})

    pg = {}
    if args.pg_settings and os.path.exists(args.pg_settings):
        try:
            with open(args.pg_settings) as f:
                pg = json.load(f)
        except (OSError, ValueError):
            pg = {}
    if "version" not in pg:
        try:
            pg["version"] = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
        except OSError:
            pass

    figures, charts, notes, parts = [], [], [], []
    for st in statuses:
        name = st["part"]
        part = {"part": name, "status": st["status"], "seconds": st["seconds"], "reason": st["reason"],
                "load_avg_after": st["load"]}
        data = None
        path = os.path.join(args.parts_dir, name + ".json")
        if os.path.exists(path):
            try:
                with open(path) as f:
                    data = json.load(f)
            except ValueError:
                data = None
        if st["status"] == "missing":
            notes.append(f"part {name}: not run ({st['reason']})")
        part_figures = (data or {}).get("figures") or []
        if st["status"] == "failed":
            why = f"part failed: {st['reason']}"
            notes.append(f"part {name}: {why}")
            if not part_figures:
                part_figures = [{"name": n, "unit": None, "better": None, "ours": None, "references": {},
                                 "detail": None, "reason": why} for n in EXPECTED.get(name, [name])]
            else:
                for fig in part_figures:
                    fig["reason"] = why + ("; " + fig["reason"] if fig.get("reason") else "")
        for fig in part_figures:
            fig["part"] = name
            fig["ratios"] = {ref: (round(r, 3) if r is not None else None)
                             for ref in (fig.get("references") or {}) for r in [ratio(fig, ref)]}
            figures.append(fig)
        for chart in (data or {}).get("charts") or []:
            src = os.path.join(args.parts_dir, chart)
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(args.results, os.path.basename(chart)))
                charts.append({"part": name, "file": os.path.basename(chart)})
        for note in (data or {}).get("notes") or []:
            notes.append(f"{name}: {note}")
        parts.append(part)

    finished = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = {
        "date": finished,
        "started": args.started,
        "mode": "quick" if args.quick == "1" else "full",
        "ratio_meaning": "ratios[ref] = ours relative to ref, oriented so that > 1 means ours is better "
                         "(higher-is-better figures: ours/ref; lower-is-better figures: ref/ours)",
        "machine": machine_facts(pg),
        "parts": parts,
        "figures": figures,
        "charts": [c["file"] for c in charts],
        "notes": notes,
    }
    with open(os.path.join(args.results, "latest.json"), "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")

    m = result["machine"]
    lines = [f"# Benchmarks: ours vs the original Londiste 3 and native logical replication ({finished[:10]})", ""]
    lines.append(f"`./bench.sh{' --quick' if result['mode'] == 'quick' else ''}` — {result['mode']} run, "
                 f"{args.started} to {finished}.")
    lines.append("")
    lines.append(f"- Machine: {m.get('cores')} cores ({m.get('cpu_model', '?')}), {m.get('memory_gb', '?')} GB RAM, "
                 f"{m.get('os')}; load average at the end {m.get('load_avg_at_end', '?')} "
                 "(the machine may be shared: figures move between runs, compare within one run).")
    pgs = m.get("postgresql") or {}
    lines.append(f"- PostgreSQL: {pgs.get('version', '?')}; every part starts its own throwaway clusters on 127.0.0.1 "
                 "(bench/lib.sh) with " + ", ".join(f"{k}={v}" for k, v in pgs.items() if k != "version")
                 + " unless its detail says otherwise.")
    lines.append("- References: **londiste3** = the original Skytools 3 from Debian's packages (python3-londiste, pgqd, "
                 "extensions pgq/pgq_node/londiste); **native_lr** = PostgreSQL logical replication; **copy_pipe** = "
                 "`COPY TO STDOUT | COPY FROM STDIN`; **none** = no capture at all.")
    lines.append("- **ratio**: ours relative to the reference, oriented so that **> 1 means ours is better** "
                 "(ours/ref when higher is better, ref/ours when lower is better). For `provider_tps` against `none` it "
                 "is the share of the uncaptured rate that remains with capture on.")
    lines.append("")
    lines.append("| figure | unit | ours | londiste3 | native_lr | copy_pipe | none | ratio(s) | detail / reason |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for fig in figures:
        refs = fig.get("references") or {}
        rat = ", ".join(f"{r}: {v:.2f}×" for r, v in fig["ratios"].items() if v is not None) or "—"
        text = fig.get("detail") or ""
        if fig.get("reason"):
            text = (text + "; " if text else "") + "**" + fig["reason"] + "**"
        better = {"higher": " (higher is better)", "lower": " (lower is better)"}.get(fig.get("better") or "", "")
        cells = [f"`{fig['name']}`", (fig.get("unit") or "") + better, fmt(fig.get("ours"))]
        cells += [fmt(refs.get(r)) if r in refs else "" for r in REFERENCES]
        cells += [rat, text.replace("|", "\\|").replace("\n", " ")]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Parts (status, seconds, load average 1/5/15 min right after): " + ", ".join(
        f"{p['part']} ({p['status']}"
        + (f", {p['seconds']} s" if p['status'] != 'missing' else '')
        + (f", load {p['load_avg_after']}" if p.get('load_avg_after') else '') + ")" for p in parts) + ".")
    lines.append("")
    if notes:
        lines.append("## Notes")
        lines.append("")
        for n in notes:
            lines.append(f"- {n}")
        lines.append("")
    if charts:
        lines.append("## Charts")
        lines.append("")
        for c in charts:
            lines.append(f"![{c['file']}]({c['file']})")
            lines.append("")
    with open(os.path.join(args.results, "latest.md"), "w") as f:
        f.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
