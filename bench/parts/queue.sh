#!/usr/bin/env bash
# Raw queue throughput (issue 6, figure queue_events_per_s): pgq.insert_event → pgq.ticker() → one
# consumer, ours (plain SQL/PL/pgSQL) against the original PgQ 3.5 extension (Debian's
# postgresql-15-pgq3), in the same run on the same throwaway cluster. Wraps bench/PgQ.Bench (see
# bench/README.md for what one run does; every run checks exactly-once delivery).
#   full:    10 s per run, 1, 4 and 16 producers
#   --quick: 3 s per run, 4 producers only
# Figure: consumed events/s (production + drain) at 4 producers; the other producer counts go in
# extra figures and in the chart queue_per_producers.svg.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
cd "$BENCH_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

seconds=10; producers=1,4,16; warmup=2
[ "$BENCH_QUICK" = 1 ] && { seconds=3; producers=4; warmup=1; }
dll=bench/PgQ.Bench/bin/Release/net10.0/PgQ.Bench.dll
if [ -z "${BENCH_BUILT:-}" ] || [ ! -f "$dll" ]; then
    dotnet build bench/PgQ.Bench/PgQ.Bench.csproj -c Release -nologo -v quiet >/dev/null
fi
report=$BENCH_WORK/pgq-throughput.md
# The benchmark starts and stops its own cluster (pg_ctl) and cleans up on TERM.
dotnet "$dll" --seconds "$seconds" --producers "$producers" --warmup "$warmup" --output "$report" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
status=0
wait "$pid" || status=$?
while kill -0 "$pid" 2>/dev/null; do wait "$pid" || status=$?; done
if [ "$status" != 0 ]; then
    echo "queue.sh: PgQ.Bench failed with exit code $status" >&2
    exit "$status"
fi
cp "$report" "$BENCH_OUT/queue-pgq-throughput.md"

# | implementation | producers | produced ev/s | consumed ev/s | ...
rows=$(awk -F'|' '$2 ~ /^ *(ours|original) *$/ { gsub(/[ ,]/, "", $2); gsub(/[ ,]/, "", $3); gsub(/[ ,]/, "", $5); gsub(/[ ,]/, "", $4); print $2, $3, $5, $4 }' "$report")
value() { awk -v impl="$1" -v p="$2" '$1 == impl && $2 == p { print $3 }' <<<"$rows"; }
pg_version=$(grep -m1 '^- PostgreSQL' "$report" | sed 's/^- PostgreSQL: //; s/ on x86_64.*//')
original_note=$(grep -m1 '^- Implementations' "$report" | sed 's/^- Implementations: //')
for p in ${producers//,/ }; do
    ours=$(value ours "$p"); orig=$(value original "$p")
    name=queue_events_per_s
    [ "$p" != 4 ] && name=queue_events_per_s_${p}p
    refs=$(jq -cn --arg o "$orig" '{londiste3: (if $o == "" then null else ($o | tonumber) end)}')
    reason=""
    [ -z "$ours" ] && reason="no run of ours at $p producers in PgQ.Bench's report"
    [ -z "$orig" ] && [ -n "$ours" ] && reason="original PgQ not measured: $original_note"
    bench_figure "$name" "events/s" higher "$ours" "$refs" \
        "$p producers, ${seconds} s runs, consumed ev/s (production + drain), exactly once checked; fsync off, synchronous_commit off (PgQ.Bench's cluster); produced ev/s ours $(awk -v impl=ours -v p="$p" '$1 == impl && $2 == p { print $4 }' <<<"$rows"), original $(awk -v impl=original -v p="$p" '$1 == impl && $2 == p { print $4 }' <<<"$rows")" "$reason"
done

# Chart: consumed ev/s per producer count.
spec=$BENCH_WORK/chart.json
python3 - "$spec" "$rows" <<'PY'
import json, sys
rows = [r.split() for r in sys.argv[2].splitlines() if r.strip()]
series = []
for impl, name in (("ours", "ours"), ("original", "londiste3 (PgQ 3.5, C)")):
    pts = sorted([int(r[1]), float(r[2])] for r in rows if r[0] == impl)
    series.append({"name": name, "points": pts})
json.dump({"title": "PgQ: consumed events/s per producer count", "x_label": "producers",
           "y_label": "events/s", "x_log2": True, "series": series}, open(sys.argv[1], "w"))
PY
python3 "$BENCH_ROOT/bench/svgchart.py" "$spec" "$BENCH_OUT/queue_per_producers.svg"
bench_write_json queue '["queue_per_producers.svg"]' \
    "$(jq -cn --arg v "$pg_version" '["PgQ.Bench runs alternate ours and the original at each producer count on one cluster (" + $v + ")"]')"
