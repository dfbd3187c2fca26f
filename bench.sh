#!/usr/bin/env bash
# One benchmark command (issue 6): ours next to the original Londiste 3 (Debian's packages), native
# logical replication, a plain COPY pipe and no capture, on the same machine in the same run.
#
#   ./bench.sh [--quick] [--only NAME[,NAME...]]
#
# Builds once, then runs the parts bench/parts/<NAME>.sh in this order:
#   provider_tps apply queue worker_rss copy compare lag
# each as `bench/parts/<NAME>.sh [--quick]` with BENCH_OUT=<a fresh directory>, and merges their
# <NAME>.json into bench/results/latest.json and bench/results/latest.md (charts copied next to them;
# each part's output in bench/results/logs/<NAME>.log).
# A missing part is noted in the report; a failed part's figures are listed with the reason and the
# run goes on; the exit code is non-zero at the end if any part failed.
# --quick: small sizes, about 3 minutes in all (CI smoke); the full run takes up to about 45 minutes.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
PARTS=(provider_tps apply queue worker_rss copy compare lag)
QUICK=0
ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; shift ;;
        --only) [ $# -ge 2 ] || { echo "bench.sh: --only needs a part name (one of: ${PARTS[*]})" >&2; exit 2; }
                ONLY=$2; shift 2 ;;
        --only=*) ONLY=${1#--only=}; shift ;;
        -h|--help) sed -n 2,13p "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (use --quick, --only NAME[,NAME...])" >&2; exit 2 ;;
    esac
done
selected=("${PARTS[@]}")
if [ -n "$ONLY" ]; then
    IFS=, read -r -a selected <<<"$ONLY"
    for name in "${selected[@]}"; do
        if [[ " ${PARTS[*]} " != *" $name "* ]]; then
            echo "bench.sh: unknown part '$name' (one of: ${PARTS[*]})" >&2
            exit 2
        fi
    done
fi
for tool in jq python3 pgbench psql; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is not on PATH (install it: apt-get install jq python3 postgresql-client-15)" >&2; exit 1; }
done
# The original Londiste 3 and its PgQ for the references (skipped by the parts, with a note, when missing).
if [ -x scripts/install-prerequisites.sh ]; then
    scripts/install-prerequisites.sh >/dev/null 2>&1 || echo "bench.sh: scripts/install-prerequisites.sh failed; references may be missing" >&2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "bench.sh: building (./build.sh)" >&2
./build.sh >/dev/null
# ./build.sh builds the whole solution in Release, bench/PgQ.Bench (run by the queue part) included.
# The parts may build again (for when they are run alone); this tells them not to.
export BENCH_BUILT=1

OUT=$(mktemp -d /tmp/londiste-net-bench-out.XXXXXX)
chmod 755 "$OUT"
trap 'rm -rf "$OUT"' EXIT
status_file=$OUT/status.tsv
: >"$status_file"
failed=0
for name in "${selected[@]}"; do
    script=bench/parts/$name.sh
    if [ ! -f "$script" ]; then
        echo "bench.sh: part $name: missing ($script)" >&2
        printf '%s\tmissing\t0\t%s\n' "$name" "$script does not exist in this checkout" >>"$status_file"
        continue
    fi
    echo "bench.sh: part $name ..." >&2
    args=()
    [ "$QUICK" = 1 ] && args+=(--quick)
    t0=$(date +%s)
    rc=0
    BENCH_OUT=$OUT bash "$script" "${args[@]}" >"$OUT/$name.out" 2>&1 || rc=$?
    seconds=$(( $(date +%s) - t0 ))
    if [ "$rc" = 0 ] && [ -s "$OUT/$name.json" ] && jq -e . "$OUT/$name.json" >/dev/null 2>&1; then
        echo "bench.sh: part $name done in ${seconds}s" >&2
        printf '%s\tok\t%s\t\t%s\n' "$name" "$seconds" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$status_file"
    else
        failed=1
        reason="exit code $rc"
        [ "$rc" = 0 ] && reason="no valid $name.json written"
        last=$(grep -v '^\s*$' "$OUT/$name.out" | tail -1 | cut -c1-200 || true)
        echo "bench.sh: part $name FAILED ($reason) after ${seconds}s; last lines:" >&2
        tail -5 "$OUT/$name.out" | sed 's/^/    /' >&2
        printf '%s\tfailed\t%s\t%s\t%s\n' "$name" "$seconds" "$reason${last:+: $last}" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$status_file"
    fi
done

# The PostgreSQL settings every part's clusters start with (bench/lib.sh's bench_cluster), read from one
# throwaway cluster started the same way.
(
    BENCH_OUT=$OUT
    source bench/lib.sh
    bench_init
    bench_cluster facts
    bench_psql "$facts_port" postgres -At -c "select jsonb_object_agg(name, current_setting(name)) || jsonb_build_object('version', version())
        from pg_settings where name in ('shared_buffers', 'max_wal_size', 'fsync', 'synchronous_commit', 'wal_level', 'work_mem', 'checkpoint_timeout')" \
        >"$OUT/pg-settings.json"
) >/dev/null 2>&1 || true

mkdir -p bench/results
# Each part's own output (progress, per-round figures) next to the report, for looking into a figure.
rm -rf bench/results/logs
mkdir -p bench/results/logs
for name in "${selected[@]}"; do
    if [ -f "$OUT/$name.out" ]; then cp "$OUT/$name.out" "bench/results/logs/$name.log"; fi
done
python3 bench/report.py --parts-dir "$OUT" --status "$status_file" --quick "$QUICK" --started "$started" \
    --results bench/results --pg-settings "$OUT/pg-settings.json"
echo "bench.sh: wrote bench/results/latest.json and bench/results/latest.md" >&2
exit "$failed"
