#!/usr/bin/env bash
# Apply catch-up rate, end to end (issue 6, figure apply_events_per_s): the same backlog, written by
# the seed workload (login.sql + logout.sql at once, 2 pgbench clients each, a fixed number of
# transactions) while the leaf's worker is stopped, then caught up by
#   ours       artifacts/bin/londiste worker on the leaf (pgqd ticking on the root)
#   londiste3  Debian's python londiste worker (Debian's pgqd ticking)
#   native_lr  a disabled subscription enabled again
# ours / londiste3: the clock starts when the worker process is started and stops when the leaf's
# worker_last_tick (pgq_node.get_node_info) reaches the root tick that covers the whole backlog
# (forced after the load), polled every 20 ms; rate = events / seconds (process start-up included).
# native_lr: the clock starts at `alter subscription ... enable`, a marker row inserted after the
# backlog is looked for on the subscriber every 20 ms; rate = row changes / seconds.
# Events = row changes = 2 per pgbench transaction (an insert and an update).
#   full: ~200,000 events per implementation; --quick: ~20,000
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
source "$BENCH_ROOT/bench/lib-replica.sh"
br_build

events=200000
[ "$BENCH_QUICK" = 1 ] && events=20000
per_client=$((events / 8))   # 2 scripts x 2 clients x 2 row changes per transaction
notes=()

bench_cluster src -c wal_level=logical
bench_cluster leaf
br_seed_templates src leaf

declare -A rate secs evs ticks loads cpus
# londiste_catchup KIND ROOTDB LEAFDB
londiste_catchup() {
    local kind=$1 root=$2 leafdb=$3 tick t0 t1 n
    br_londiste "$kind" "$root" "$leafdb"
    br_start_pgqd "$kind" "$root"
    br_start_worker "$kind" "$root"
    # One short run of the leaf's worker first, so that the measured run starts from a worker that
    # has been up before (as after a stop), not from the very first start.
    br_start_worker "$kind" "$leafdb"
    tick=$(br_target_tick "$kind" "$root")
    br_wait_tick "$leafdb" "$tick" 120
    br_stop_worker "$kind" "$leafdb"
    bench_psql "$src_port" "$root" -c "vacuum analyze" -c checkpoint
    local first_tick; first_tick=$(br_root_tick "$root")
    br_seed_load "$src_port" "$root" -t "$per_client" >/dev/null
    n=$(cat "$BENCH_WORK/load-events")
    tick=$(br_target_tick "$kind" "$root")
    bench_psql "$leaf_port" "$leafdb" -c checkpoint
    t0=$(br_now)
    br_start_worker "$kind" "$leafdb"
    br_wait_tick "$leafdb" "$tick" 1800
    t1=$(br_now)
    # CPU seconds the worker process used (user + system): the rest of the wall time is PostgreSQL's
    # (or waiting for a core on a busy machine).
    cpus[$kind]=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$br_worker_pid/stat" 2>/dev/null || echo "?")
    br_stop_worker "$kind" "$leafdb"
    br_stop_worker "$kind" "$root"
    br_stop_pgqd "$kind" "$root"
    secs[$kind]=$(br_elapsed "$t0" "$t1")
    evs[$kind]=$n
    ticks[$kind]=$((tick - first_tick))
    loads[$kind]=$(cut -d' ' -f1 /proc/loadavg)
    rate[$kind]=$(awk -v n="$n" -v s="${secs[$kind]}" 'BEGIN { printf "%.0f", n / s }')
    # The leaf must have every row: compare the record tables' counts.
    local a b
    a=$(bench_psql "$src_port" "$root" -At -c "select (select count(*) from digoal_01.user_login_rec) + (select count(*) from digoal_01.user_logout_rec)")
    b=$(bench_psql "$leaf_port" "$leafdb" -At -c "select (select count(*) from digoal_01.user_login_rec) + (select count(*) from digoal_01.user_logout_rec)")
    if [ "$a" != "$b" ]; then
        notes+=("$kind: after catch-up the leaf has $b login/logout records, the root $a")
    fi
    echo "$kind: $n events in ${secs[$kind]} s = ${rate[$kind]} events/s" >&2
}

londiste_catchup ours ours ours_leaf
orig_reason=""
if br_has_original "$src_port"; then
    londiste_catchup londiste3 orig orig_leaf || { orig_reason="the original's setup or catch-up failed (see the part's log)"; rate[londiste3]=""; }
else
    orig_reason="londiste3 not installed (python3-londiste, pgqd, extensions pgq/pgq_node/londiste)"
fi

# Native logical replication: the subscription is disabled while the backlog is written.
br_native src lr leaf lr_sub
created=$(br_now)
bench_psql "$leaf_port" lr_sub -c "alter subscription sub_lr_sub disable"
until [ "$(bench_psql "$leaf_port" lr_sub -At -c "select count(*) from pg_stat_subscription where subname = 'sub_lr_sub' and pid is not null")" = 0 ]; do sleep 0.1; done
bench_psql "$src_port" lr -c "vacuum analyze" -c checkpoint
br_seed_load "$src_port" lr -t "$per_client" >/dev/null
n=$(cat "$BENCH_WORK/load-events")
marker=$(bench_psql "$src_port" lr -At -c "insert into digoal_01.user_login_rec (userid, login_time) values (-1, now()) returning id")
bench_psql "$leaf_port" lr_sub -c checkpoint
# The launcher starts apply workers at most once per wal_retrieve_retry_interval (5 s); wait that out
# so that the clock measures the catch-up, not the launcher's back-off.
sleep "$(awk -v a="$created" -v b="$(br_now)" 'BEGIN { d = 5.5 - (b - a); print (d > 0 ? d : 0) }')"
t0=$(br_now)
bench_psql "$leaf_port" lr_sub -c "alter subscription sub_lr_sub enable"
until [ "$(bench_psql "$leaf_port" lr_sub -At -c "select count(*) from digoal_01.user_login_rec where id = $marker")" = 1 ]; do sleep 0.02; done
t1=$(br_now)
secs[native_lr]=$(br_elapsed "$t0" "$t1")
evs[native_lr]=$((n + 1))
rate[native_lr]=$(awk -v n="$((n + 1))" -v s="${secs[native_lr]}" 'BEGIN { printf "%.0f", n / s }')
echo "native_lr: $((n + 1)) row changes in ${secs[native_lr]} s = ${rate[native_lr]} rows/s" >&2

num() { [ -n "${rate[$1]:-}" ] && echo "${rate[$1]}" || echo null; }
refs=$(jq -cn --argjson l "$(num londiste3)" --argjson n "$(num native_lr)" '{londiste3: $l, native_lr: $n}')
detail="backlog of the seed workload (pgbench -t $per_client per client, 2+2 clients) caught up from worker start (ours: ${evs[ours]} events in ${secs[ours]} s, worker CPU ${cpus[ours]} s"
[ -n "${rate[londiste3]:-}" ] && detail+="; londiste3: ${evs[londiste3]} events in ${secs[londiste3]} s, worker CPU ${cpus[londiste3]} s"
detail+="; native_lr: ${evs[native_lr]} row changes in ${secs[native_lr]} s from enable); batches (ticks) in the backlog: ours ${ticks[ours]}${ticks[londiste3]:+, londiste3 ${ticks[londiste3]}}; load average (1 min) after each catch-up: ours ${loads[ours]}${loads[londiste3]:+, londiste3 ${loads[londiste3]}}, native_lr $(cut -d' ' -f1 /proc/loadavg); goal for ours ≥ 45,000"
bench_figure apply_events_per_s events/s higher "${rate[ours]}" "$refs" "$detail" "$orig_reason"
notes+=("the worker's start-up (process, connections) is inside the measured time; at --quick sizes it weighs more")
bench_write_json apply '[]' "$(br_notes_json "${notes[@]}")"
