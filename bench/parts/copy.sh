#!/usr/bin/env bash
# Initial copy (issue 6, figure copy_rows_per_s; issue 4): a seed-shaped digoal_01.user_info of 5,000,000 rows
# (--quick: 200,000) copied from cluster src to an empty table on cluster dst by
#   ours       `londiste leaf.ini add-table` with the leaf's worker running, until `tables` shows ok
#   londiste3  the same with the original (Debian's python3-londiste, /usr/bin/pgqd)
#   native_lr  create subscription, until pg_subscription_rel.srsubstate = 'r'
#   copy_pipe  psql -c "copy ... to stdout" | psql -c "copy ... from stdin"
# Then (figures copy_4tables_pc1_s, copy_4tables_pc4_s) the seed's four tables, a quarter of the rows each, with
# parallel_copies 1 and 4: ours, the original (not with --quick: its tick waits take minutes) and native logical
# replication.
# For development: COPY_ROWS=N (full mode), COPY_SKIP=orig,four, BL_KEEP_LOGS=DIR (keeps the daemons' logs).
# The clock starts when the command that adds the table starts (CLI start-up included) and stops when the state
# is seen (polled every 50 ms).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
source "$BENCH_ROOT/bench/lib-londiste.sh"
bl_build

rows=${COPY_ROWS:-5000000}
[ "$BENCH_QUICK" = 1 ] && rows=200000
quarter=$((rows / 4))
TABLE=digoal_01.user_info
FOUR=(digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec)

bench_cluster src -c wal_level=logical -c max_wal_senders=20 -c max_replication_slots=20 -c max_worker_processes=16
bench_cluster dst -c max_worker_processes=16 -c max_logical_replication_workers=8 -c max_sync_workers_per_subscription=4
has_orig=0
bl_has_original && has_orig=1
# For development runs: COPY_SKIP=orig,four leaves those out.
[[ ,${COPY_SKIP:-}, == *,orig,* ]] && has_orig=0

bench_psql "$src_port" postgres -c "create database base" -c "create database four"
bench_psql "$src_port" base -f "$BENCH_ROOT/examples/seed/schema.sql"
bench_psql "$src_port" four -f "$BENCH_ROOT/examples/seed/schema.sql"
bl_seed_rows base "$rows" "$TABLE"
[[ ,${COPY_SKIP:-}, != *,four,* ]] && bl_seed_rows four "$quarter" "${FOUR[@]}"
# Each Londiste run gets its own source database (its own queue, triggers and ticker), cloned from the data.
for db in ours orig; do
    bench_psql "$src_port" postgres -c "create database ${db}_src template base"
done
for db in ours1 ours4 orig1 orig4; do
    [[ ,${COPY_SKIP:-}, == *,four,* ]] && break
    [[ $db == orig* ]] && { [ "$BENCH_QUICK" = 1 ] || [ "$has_orig" = 0 ]; } && continue
    bench_psql "$src_port" postgres -c "create database four_${db}_src template four"
done
new_dst() { # DB
    bench_psql "$dst_port" postgres -c "drop database if exists $1" -c "create database $1"
    bench_psql "$dst_port" "$1" -f "$BENCH_ROOT/examples/seed/schema.sql"
}
count_dst() { bench_psql "$dst_port" "$1" -At -c "select count(*) from $2"; }
notes=()

# --- copy_pipe
new_dst pipe
t0=$(bl_now)
psql -X -q -h 127.0.0.1 -p "$src_port" -U postgres -c "copy $TABLE to stdout" base \
    | psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$dst_port" -U postgres -c "copy $TABLE from stdin" pipe
pipe_s=$(bl_elapsed "$t0" "$(bl_now)")
echo "copy_pipe: $pipe_s s" >&2

# --- native logical replication: initial sync of one table, then of the four
native_sync() { # SRCDB DSTDB TABLES...
    local srcdb=$1 dstdb=$2; shift 2
    bench_psql "$src_port" "$srcdb" -c "create publication pub_$dstdb for table $(IFS=,; echo "$*")"
    new_dst "$dstdb"
    local t0 pending
    t0=$(bl_now)
    bench_psql "$dst_port" "$dstdb" -c "create subscription sub_$dstdb connection '$(bl_conn "$src_port" "$srcdb")' publication pub_$dstdb"
    while :; do
        pending=$(bench_psql "$dst_port" "$dstdb" -At -c "select count(*) from pg_subscription_rel where srsubstate <> 'r'")
        [ "$pending" = 0 ] && break
        sleep 0.05
    done
    native_s=$(bl_elapsed "$t0" "$(bl_now)")
    bench_psql "$dst_port" "$dstdb" -c "drop subscription sub_$dstdb"
}
native_sync base native "$TABLE"
echo "native_lr: $native_s s ($(count_dst native $TABLE) rows)" >&2
native_one_s=$native_s

# --- Londiste (ours or the original): add-table on the root, then time add-table on the leaf until ok.
londiste_copy() { # KIND SRCDB DSTDB PARALLEL TABLES...
    local kind=$1 srcdb=$2 dstdb=$3 parallel=$4 t0; shift 4
    new_dst "$dstdb"
    bl_setup "$kind" "$srcdb" "$dstdb" "parallel_copies = $parallel"
    "$bl_londiste" "$bl_root_ini" add-table "$@" >>"$BENCH_WORK/setup.log" 2>&1
    t0=$(bl_now)
    "$bl_londiste" "$bl_leaf_ini" add-table "$@" >>"$BENCH_WORK/setup.log" 2>&1
    if bl_wait_ok "$dstdb" $#; then
        londiste_s=$(bl_elapsed "$t0" "$(bl_now)")
    else
        londiste_s=""
    fi
    # The worker's CPU time (user+system, s) for the log: how much the copy costs the worker process itself.
    [ "$kind" = ours ] && echo "$kind worker cpu: $(ps -o times= -p "$(cat "$BENCH_WORK/${kind}_leaf_$dstdb.pid")" 2>/dev/null || echo "?") s" >&2
    bl_stop_all
}

londiste_copy ours ours_src ours 1 "$TABLE"
ours_s=$londiste_s
echo "ours: $ours_s s ($(count_dst ours $TABLE) rows)" >&2
orig_s=""
if [ "$has_orig" = 1 ]; then
    londiste_copy orig orig_src orig 1 "$TABLE"
    orig_s=$londiste_s
    echo "londiste3: $orig_s s ($(count_dst orig $TABLE) rows)" >&2
fi

rate() { [ -n "$1" ] && awk -v r="$rows" -v s="$1" 'BEGIN { printf "%.0f", r / s }' || true; }
refs=$(jq -cn --arg o "$(rate "$orig_s")" --arg n "$(rate "$native_one_s")" --arg p "$(rate "$pipe_s")" \
    '{londiste3: ($o | if . == "" then null else tonumber end), native_lr: ($n | tonumber), copy_pipe: ($p | tonumber)}')
reason=""
[ -z "$ours_s" ] && reason="our copy did not reach ok in time"
[ "$has_orig" = 0 ] && notes+=("the original Londiste 3 is not installed: londiste3 is null")
bench_figure copy_rows_per_s rows/s higher "$(rate "$ours_s")" "$refs" \
    "$rows rows of a seed-shaped digoal_01.user_info, add-table until ok (ours ${ours_s:-?} s, londiste3 ${orig_s:-?} s, native_lr $native_one_s s, copy_pipe $pipe_s s)" "$reason"

# --- four tables, parallel_copies 1 and 4
if [[ ,${COPY_SKIP:-}, != *,four,* ]]; then
native_sync four four_native "${FOUR[@]}"
four_native_s=$native_s
echo "4 tables native_lr: $four_native_s s" >&2
for parallel in 1 4; do
    londiste_copy ours "four_ours${parallel}_src" "four_ours_$parallel" "$parallel" "${FOUR[@]}"
    four_ours_s=$londiste_s
    echo "4 tables ours parallel_copies=$parallel: $four_ours_s s" >&2
    four_orig_s=""
    # --quick leaves these out: the original waits for ticks at each step, minutes even for small tables.
    if [ "$has_orig" = 1 ] && [ "$BENCH_QUICK" = 0 ]; then
        londiste_copy orig "four_orig${parallel}_src" "four_orig_$parallel" "$parallel" "${FOUR[@]}"
        four_orig_s=$londiste_s
        echo "4 tables londiste3 parallel_copies=$parallel: $four_orig_s s" >&2
    fi
    refs=$(jq -cn --arg o "$four_orig_s" --arg n "$four_native_s" \
        '{londiste3: ($o | if . == "" then null else tonumber end), native_lr: ($n | tonumber)}')
    bench_figure "copy_4tables_pc${parallel}_s" s lower "$four_ours_s" "$refs" \
        "the seed's 4 tables, $quarter rows each, parallel_copies=$parallel (native_lr: one subscription, max_sync_workers_per_subscription=4)$([ "$BENCH_QUICK" = 1 ] && echo "; londiste3 not run with --quick")" \
        "$([ -z "$four_ours_s" ] && echo "our copy did not reach ok in time")$([ "$BENCH_QUICK" = 1 ] && [ "$has_orig" = 1 ] && echo "londiste3 is not run with --quick (its tick waits take minutes)")"
done
fi

notes+=("clusters: shared_buffers=256MB, max_wal_size=4GB, fsync and synchronous_commit on; src and dst on the same 2-core machine")
bench_write_json copy '[]' "$(printf '%s\n' "${notes[@]}" | jq -R . | jq -sc .)"
