#!/usr/bin/env bash
# Peak memory of the worker (issue 6, figure worker_rss_mb): the leaf's worker process applying a
# backlog of 2,000,000 events (--quick: 100,000) written while it was stopped, from start until the
# leaf finished the tick that covers the whole backlog. Peak RSS = VmHWM from /proc/PID/status of
# the worker process, read just before it is stopped (VmHWM only grows).
#   ours       artifacts/bin/londiste worker (one .NET process)
#   londiste3  Debian's python londiste worker on the same backlog (its own databases)
# The backlog: seed-shaped changes (login/logout records and session updates) written in
# transactions of 10,000 events with pgqd ticking, so batches hold one or more such transactions.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
source "$BENCH_ROOT/bench/lib-replica.sh"
br_build

events=2000000
[ "$BENCH_QUICK" = 1 ] && events=100000
notes=()

bench_cluster src
bench_cluster leaf
br_seed_templates src leaf

declare -A rss secs cpus
measure() { # KIND ROOTDB LEAFDB
    local kind=$1 root=$2 leafdb=$3 tick t0 t1 pid
    br_londiste "$kind" "$root" "$leafdb"
    br_start_pgqd "$kind" "$root"
    br_start_worker "$kind" "$root"
    br_bulk_backlog "$src_port" "$root" "$events"
    tick=$(br_target_tick "$kind" "$root")
    t0=$(br_now)
    br_start_worker "$kind" "$leafdb"
    pid=$br_worker_pid
    br_wait_tick "$leafdb" "$tick" 3600
    t1=$(br_now)
    rss[$kind]=$(br_hwm_mb "$pid")
    cpus[$kind]=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$pid/stat" 2>/dev/null || echo "?")
    secs[$kind]=$(br_elapsed "$t0" "$t1")
    br_stop_worker "$kind" "$leafdb"
    br_stop_worker "$kind" "$root"
    br_stop_pgqd "$kind" "$root"
    echo "$kind: peak RSS ${rss[$kind]} MB, $events events caught up in ${secs[$kind]} s" >&2
}

measure ours ours ours_leaf
orig_reason=""
if [ "$BENCH_QUICK" = 1 ]; then
    # The python worker takes ~15 s more on the quick backlog: left to the full run.
    orig_reason="not measured with --quick (full run only)"
elif br_has_original "$src_port"; then
    measure londiste3 orig orig_leaf || { orig_reason="the original's run failed (see the part's log)"; rss[londiste3]=""; }
else
    orig_reason="londiste3 not installed"
fi
num() { [ -n "${rss[$1]:-}" ] && echo "${rss[$1]}" || echo null; }
rate() { [ -n "${secs[$1]:-}" ] && awk -v n="$events" -v s="${secs[$1]}" 'BEGIN { printf "%.0f", n / s }'; }
detail="VmHWM of the leaf's worker process catching up $events events (transactions of 10,000 events, pgqd ticking while they were written); ours caught up in ${secs[ours]} s ($(rate ours) events/s, worker CPU ${cpus[ours]} s)"
[ -n "${secs[londiste3]:-}" ] && detail+=", londiste3 in ${secs[londiste3]} s ($(rate londiste3) events/s, worker CPU ${cpus[londiste3]} s)"
bench_figure worker_rss_mb MB lower "${rss[ours]}" "$(jq -cn --argjson l "$(num londiste3)" '{londiste3: $l}')" "$detail" "$orig_reason"
bench_write_json worker_rss '[]' "$(br_notes_json "${notes[@]}")"
