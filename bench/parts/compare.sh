#!/usr/bin/env bash
# compare (issue 6, figure compare_s): `londiste leaf.ini compare` of a seed-shaped digoal_01.user_info of
# 5,000,000 rows (--quick: 200,000) that is in sync on a root and a leaf (two clusters): ours and the original
# (Debian's python3-londiste), each on its own copy of the same data, workers and pgqd running, nothing else
# writing. Runs alternate ours / original twice and the faster run of each is reported (the machine is shared).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
source "$BENCH_ROOT/bench/lib-londiste.sh"
bl_build

rows=5000000
[ "$BENCH_QUICK" = 1 ] && rows=200000
TABLE=digoal_01.user_info

bench_cluster src
bench_cluster dst
has_orig=0
bl_has_original && has_orig=1

# The data once on each cluster, then cloned per tool.
bench_psql "$src_port" postgres -c "create database base"
bench_psql "$src_port" base -f "$BENCH_ROOT/examples/seed/schema.sql"
bl_seed_rows base "$rows" "$TABLE"
bench_psql "$dst_port" postgres -c "create database base"
bench_psql "$dst_port" base -f "$BENCH_ROOT/examples/seed/schema.sql"
psql -X -q -h 127.0.0.1 -p "$src_port" -U postgres -c "copy $TABLE to stdout (format binary)" base \
    | psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$dst_port" -U postgres -c "copy $TABLE from stdin (format binary)" base
bench_psql "$dst_port" base -c "vacuum analyze"
kinds=(ours)
[ "$has_orig" = 1 ] && kinds+=(orig)
declare -A ini tool
for kind in "${kinds[@]}"; do
    bench_psql "$src_port" postgres -c "create database ${kind}_src template base"
    bench_psql "$dst_port" postgres -c "create database $kind template base"
    bl_setup "$kind" "${kind}_src" "$kind"
    "$bl_londiste" "$bl_root_ini" add-table "$TABLE" >>"$BENCH_WORK/setup.log" 2>&1
    "$bl_londiste" "$bl_leaf_ini" add-table --expect-sync "$TABLE" >>"$BENCH_WORK/setup.log" 2>&1
    bl_wait_ok "$kind" 1 60
    ini[$kind]=$bl_leaf_ini
    tool[$kind]=$bl_londiste
done
sleep 2

declare -A best
for round in 1 2; do
    for kind in "${kinds[@]}"; do
        t0=$(bl_now)
        if ! "${tool[$kind]}" "${ini[$kind]}" compare "$TABLE" >"$BENCH_WORK/compare-$kind.out" 2>&1; then
            cat "$BENCH_WORK/compare-$kind.out" >&2
            echo "compare ($kind) failed" >&2
            continue
        fi
        s=$(bl_elapsed "$t0" "$(bl_now)")
        echo "compare $kind round $round: $s s" >&2
        grep -E "checksum|rows" "$BENCH_WORK/compare-$kind.out" | tail -2 >&2 || true
        if [ -z "${best[$kind]:-}" ] || awk -v a="$s" -v b="${best[$kind]}" 'BEGIN { exit !(a < b) }'; then
            best[$kind]=$s
        fi
    done
done

notes=()
[ "$has_orig" = 0 ] && notes+=("the original Londiste 3 is not installed: londiste3 is null")
refs=$(jq -cn --arg o "${best[orig]:-}" '{londiste3: ($o | if . == "" then null else tonumber end)}')
bench_figure compare_s s lower "${best[ours]:-}" "$refs" \
    "compare of $rows rows of a seed-shaped digoal_01.user_info (root and leaf on two clusters), faster of 2 alternating runs, CLI start-up included" \
    "$([ -z "${best[ours]:-}" ] && echo "our compare failed")"
notes+=("clusters: shared_buffers=256MB, max_wal_size=4GB; both on the same 2-core machine")
bench_write_json compare '[]' "$(printf '%s\n' "${notes[@]}" | jq -R . | jq -sc .)"
