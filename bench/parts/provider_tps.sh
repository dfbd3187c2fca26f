#!/usr/bin/env bash
# Provider tps under capture (issue 6, figures provider_tps and provider_tps_with_workers): the seed
# workload (examples/seed/login.sql and logout.sql at once, 2 pgbench clients each, -M prepared) on
# the root with
#   none       no capture (the baseline)
#   ours       the triggers `londiste add-table` makes (pgq.capture_trigger_function), no daemon running
#   londiste3  the original's C triggers (pgq.logutriga via the original add-table), no daemon running
#   native_lr  a publication on the four tables on a wal_level=logical cluster, with a subscription on
#              another cluster receiving
# and, for the second figure, ours and londiste3 with pgqd and the leaf's worker running (the worker
# has caught up before each round starts). none, ours and londiste3 share one cluster
# (wal_level=replica); native_lr has its own (wal_level=logical is part of its cost).
# Rounds alternate between the configurations so that drift of the machine hits all alike.
#   full: 3 rounds x 20 s; --quick: 1 round x 5 s
# (bench/run-capture.sh compares the capture trigger formats; this part is the issue 6 figure.)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
source "$BENCH_ROOT/bench/lib-replica.sh"
br_build

rounds=3; seconds=20
[ "$BENCH_QUICK" = 1 ] && { rounds=1; seconds=5; }
notes=()

bench_cluster src
bench_cluster leaf
bench_cluster lr -c wal_level=logical
br_seed_templates src leaf lr

configs=(none ours)
br_db src none
br_londiste ours ours ours_leaf
has_orig=0
if br_has_original "$src_port"; then
    br_londiste londiste3 orig orig_leaf && has_orig=1
else
    notes+=("londiste3 not measured: Debian's python3-londiste, pgqd or the pgq/pgq_node/londiste extensions are missing")
fi
[ "$has_orig" = 1 ] && configs+=(londiste3)
br_native lr lr leaf lr_sub
configs+=(native_lr ours_w)
[ "$has_orig" = 1 ] && configs+=(londiste3_w)

where() { # CONFIG -> "port db"
    case "$1" in
        none) echo "$src_port none" ;;
        ours|ours_w) echo "$src_port ours" ;;
        londiste3|londiste3_w) echo "$src_port orig" ;;
        native_lr) echo "$lr_port lr" ;;
    esac
}
kind_of() { case "$1" in ours*) echo ours ;; *) echo londiste3 ;; esac; }
rootdb_of() { case "$1" in ours*) echo ours ;; *) echo orig ;; esac; }

declare -A tps
for round in $(seq 1 "$rounds"); do
    for config in "${configs[@]}"; do
        read -r port db <<<"$(where "$config")"
        if [[ "$config" == *_w ]]; then
            kind=$(kind_of "$config"); rootdb=$(rootdb_of "$config")
            br_start_pgqd "$kind" "$rootdb"
            br_start_worker "$kind" "$rootdb"
            br_start_worker "$kind" "${rootdb}_leaf"
            # Start the round with nothing pending (the rounds without workers left a backlog).
            tick=$(br_target_tick "$kind" "$rootdb")
            br_wait_tick "${rootdb}_leaf" "$tick" 600
        fi
        bench_psql "$port" "$db" -c "vacuum analyze" -c checkpoint
        t=$(br_seed_load "$port" "$db" -T "$seconds")
        if [[ "$config" == *_w ]]; then
            # The worker kept up? (lag at the end of the round, for the notes)
            lag=$(bench_psql "$src_port" "$rootdb" -At -c "select pending_events || ' events pending, lag ' || lag from pgq.get_consumer_info('$BR_QUEUE', '${rootdb}_leaf')" 2>/dev/null || echo "?")
            echo "round $round $config: leaf at the end of the round: $lag" >&2
            br_stop_worker "$kind" "${rootdb}_leaf"
            br_stop_worker "$kind" "$rootdb"
            br_stop_pgqd "$kind" "$rootdb"
        fi
        echo "round $round $config: $t tps" >&2
        tps[$config]="${tps[$config]:-} $t"
    done
done

mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; if (NF) printf "%.0f", s / NF }' <<<"$1"; }
val() { [ -n "${tps[$1]:-}" ] && mean "${tps[$1]}" || true; }
per_round() { local c out=""; for c in "$@"; do [ -n "${tps[$c]:-}" ] && out+="$c:${tps[$c]# }; "; done; echo "${out%; }"; }
json_num() { [ -n "$1" ] && echo "$1" || echo null; }
orig_reason=""
[ "$has_orig" = 0 ] && orig_reason="londiste3 not installed"
refs=$(jq -cn --argjson l "$(json_num "$(val londiste3)")" --argjson n "$(json_num "$(val native_lr)")" --argjson z "$(json_num "$(val none)")" \
    '{londiste3: $l, native_lr: $n, none: $z}')
bench_figure provider_tps tps higher "$(val ours)" "$refs" \
    "seed workload (login.sql + logout.sql, 2 clients each), $rounds x ${seconds} s alternating, mean; capture triggers only, no pgqd/worker; native_lr = publication on a wal_level=logical cluster with a subscriber streaming; per round: $(per_round none ours londiste3 native_lr)" "$orig_reason"
refs=$(jq -cn --argjson l "$(json_num "$(val londiste3_w)")" --argjson n "$(json_num "$(val native_lr)")" --argjson z "$(json_num "$(val none)")" \
    '{londiste3: $l, native_lr: $n, none: $z}')
bench_figure provider_tps_with_workers tps higher "$(val ours_w)" "$refs" \
    "as provider_tps, with pgqd and the leaf's worker running (ours: artifacts/bin pgqd + londiste worker; londiste3: Debian's pgqd + python londiste worker); none and native_lr are provider_tps's rounds; per round: $(per_round ours_w londiste3_w)" "$orig_reason"
notes+=("none, ours and londiste3 run in separate databases of one cluster (wal_level=replica); native_lr on its own cluster with wal_level=logical")
bench_write_json provider_tps '[]' "$(br_notes_json "${notes[@]}")"
