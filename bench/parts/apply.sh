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

# Three rounds (one with --quick), each catching up one backlog with every implementation in turn, so
# that a busy moment of the (possibly shared) machine hits one round, not one implementation; the
# figure is each implementation's median round. The tables grow by the same rows for all of them.
rounds=3
[ "$BENCH_QUICK" = 1 ] && rounds=1

declare -A rate secs evs ticks loads cpus perround
record() { # KIND EVENTS SECONDS: one round's result
    local r
    r=$(awk -v n="$2" -v s="$3" 'BEGIN { printf "%.0f", n / s }')
    perround[$1]+="${perround[$1]:+ }$r"
    echo "$1: $2 events in $3 s = $r events/s" >&2
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# londiste_setup KIND ROOTDB LEAFDB: nodes, tables, pgqd and the root's worker; one short run of the
# leaf's worker first, so that the measured runs start from a worker that has been up before (as
# after a stop), not from the very first start.
londiste_setup() {
    local kind=$1 root=$2 leafdb=$3 tick
    br_londiste "$kind" "$root" "$leafdb"
    br_start_pgqd "$kind" "$root"
    br_start_worker "$kind" "$root"
    br_start_worker "$kind" "$leafdb"
    tick=$(br_target_tick "$kind" "$root")
    br_wait_tick "$leafdb" "$tick" 120
    br_stop_worker "$kind" "$leafdb"
}

# londiste_round KIND ROOTDB LEAFDB: a backlog with the leaf's worker stopped, then its catch-up.
londiste_round() {
    local kind=$1 root=$2 leafdb=$3 tick t0 t1 n first_tick cpu
    bench_psql "$src_port" "$root" -c "vacuum analyze" -c checkpoint
    first_tick=$(br_root_tick "$root")
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
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$br_worker_pid/stat" 2>/dev/null || echo "?")
    cpus[$kind]+="${cpus[$kind]:+ }$cpu"
    br_stop_worker "$kind" "$leafdb"
    secs[$kind]+="${secs[$kind]:+ }$(br_elapsed "$t0" "$t1")"
    evs[$kind]=$n
    ticks[$kind]=$((tick - first_tick))
    loads[$kind]+="${loads[$kind]:+ }$(cut -d' ' -f1 /proc/loadavg)"
    record "$kind" "$n" "$(br_elapsed "$t0" "$t1")"
    # The leaf must have every row: compare the record tables' counts.
    local a b
    a=$(bench_psql "$src_port" "$root" -At -c "select (select count(*) from digoal_01.user_login_rec) + (select count(*) from digoal_01.user_logout_rec)")
    b=$(bench_psql "$leaf_port" "$leafdb" -At -c "select (select count(*) from digoal_01.user_login_rec) + (select count(*) from digoal_01.user_logout_rec)")
    if [ "$a" != "$b" ]; then
        notes+=("$kind: after catch-up the leaf has $b login/logout records, the root $a")
    fi
}

# Native logical replication: the subscription is disabled while the backlog is written.
native_round() {
    local n marker t0 t1
    bench_psql "$leaf_port" lr_sub -c "alter subscription sub_lr_sub disable"
    until [ "$(bench_psql "$leaf_port" lr_sub -At -c "select count(*) from pg_stat_subscription where subname = 'sub_lr_sub' and pid is not null")" = 0 ]; do sleep 0.1; done
    bench_psql "$src_port" lr -c "vacuum analyze" -c checkpoint
    br_seed_load "$src_port" lr -t "$per_client" >/dev/null
    n=$(cat "$BENCH_WORK/load-events")
    marker=$(bench_psql "$src_port" lr -At -c "insert into digoal_01.user_login_rec (userid, login_time) values (-1, now()) returning id")
    bench_psql "$leaf_port" lr_sub -c checkpoint
    # The launcher starts apply workers at most once per wal_retrieve_retry_interval (5 s); wait that
    # out so that the clock measures the catch-up, not the launcher's back-off.
    sleep "$(awk -v a="$native_started" -v b="$(br_now)" 'BEGIN { d = 5.5 - (b - a); print (d > 0 ? d : 0) }')"
    t0=$(br_now)
    bench_psql "$leaf_port" lr_sub -c "alter subscription sub_lr_sub enable"
    until [ "$(bench_psql "$leaf_port" lr_sub -At -c "select count(*) from digoal_01.user_login_rec where id = $marker")" = 1 ]; do sleep 0.02; done
    t1=$(br_now)
    native_started=$t0
    secs[native_lr]+="${secs[native_lr]:+ }$(br_elapsed "$t0" "$t1")"
    evs[native_lr]=$((n + 1))
    loads[native_lr]+="${loads[native_lr]:+ }$(cut -d' ' -f1 /proc/loadavg)"
    record native_lr "$((n + 1))" "$(br_elapsed "$t0" "$t1")"
}

londiste_setup ours ours ours_leaf
orig_reason=""
with_orig=0
if br_has_original "$src_port"; then
    if londiste_setup londiste3 orig orig_leaf; then with_orig=1; else orig_reason="the original's setup failed (see the part's log)"; fi
else
    orig_reason="londiste3 not installed (python3-londiste, pgqd, extensions pgq/pgq_node/londiste)"
fi
br_native src lr leaf lr_sub
native_started=$(br_now)

for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds" >&2
    londiste_round ours ours ours_leaf
    if [ "$with_orig" = 1 ] && ! londiste_round londiste3 orig orig_leaf; then
        with_orig=0; orig_reason="the original's catch-up failed in round $round (see the part's log)"; perround[londiste3]=""
    fi
    native_round
done
for kind in ours londiste3 native_lr; do
    rate[$kind]=$(echo "${perround[$kind]:-}" | median)
done
[ "$with_orig" = 1 ] || rate[londiste3]=""

num() { [ -n "${rate[$1]:-}" ] && echo "${rate[$1]}" || echo null; }
refs=$(jq -cn --argjson l "$(num londiste3)" --argjson n "$(num native_lr)" '{londiste3: $l, native_lr: $n}')
detail="backlog of the seed workload (pgbench -t $per_client per client, 2+2 clients, ${evs[ours]} events) caught up from worker start, median of $rounds round(s), each round every implementation in turn; events/s per round: ours ${perround[ours]}"
[ -n "${rate[londiste3]:-}" ] && detail+=", londiste3 ${perround[londiste3]}"
detail+=", native_lr ${perround[native_lr]} (row changes from enable); seconds per round: ours ${secs[ours]}"
[ -n "${rate[londiste3]:-}" ] && detail+=", londiste3 ${secs[londiste3]}"
detail+=", native_lr ${secs[native_lr]}; worker CPU s per round: ours ${cpus[ours]}"
[ -n "${rate[londiste3]:-}" ] && detail+=", londiste3 ${cpus[londiste3]}"
detail+="; batches (ticks) in a backlog: ours ${ticks[ours]}${ticks[londiste3]:+, londiste3 ${ticks[londiste3]}}; load average (1 min) after each catch-up: ours ${loads[ours]}${loads[londiste3]:+, londiste3 ${loads[londiste3]}}, native_lr ${loads[native_lr]}; goal for ours ≥ 45,000"
bench_figure apply_events_per_s events/s higher "${rate[ours]}" "$refs" "$detail" "$orig_reason"
notes+=("the worker's start-up (process, connections) is inside the measured time; at --quick sizes it weighs more")
bench_write_json apply '[]' "$(br_notes_json "${notes[@]}")"
