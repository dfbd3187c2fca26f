#!/usr/bin/env bash
# The seed scenario end to end (../shared/seed, "Londiste 3 replicate case"), as a user would run it:
# three throwaway PostgreSQL clusters (src, dst1, dst2) on free local ports, the seed's tables with
# 200,000 users, a root and two leaves, pgqd and the workers, all four tables added with parallel
# copy, the seed's two pgbench scripts on the root, dst1 stopped with `pg_ctl stop -m fast` in the
# middle and started again, catch-up, and `compare` on both leaves.
#
#   ./demo.sh [--duration SECONDS] [--keep]
#
# Everything runs as the non-superuser database owner digoal_01 (the schemas are installed by the
# tool itself). Everything it starts is stopped by pidfile / pg_ctl on exit, also on Ctrl-C, unless
# --keep is given; then it prints how to reach the clusters.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DURATION=30
KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) sed -n 2,12p "$0"; exit 0 ;;
        *) echo "demo.sh: unknown option $1 (use --duration SECONDS, --keep)" >&2; exit 2 ;;
    esac
done
WORK=${TMPDIR:-/tmp}/londiste-net-demo
NODES=(src dst1 dst2)
LONDISTE="$ROOT/artifacts/bin/londiste"
PGQD="$ROOT/artifacts/bin/pgqd"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_everything() {
    # Daemons by their pidfiles (-s: graceful stop), then the clusters with pg_ctl.
    for node in "${NODES[@]}"; do
        [ -f "$WORK/$node.ini" ] && "$LONDISTE" -s "$WORK/$node.ini" >/dev/null 2>&1 || true
    done
    [ -f "$WORK/pgqd.ini" ] && "$PGQD" -s "$WORK/pgqd.ini" >/dev/null 2>&1 || true
    for node in "${NODES[@]}"; do
        if [ -f "$WORK/$node/data/postmaster.pid" ]; then
            as_pg "$PG_BIN/pg_ctl" -D "$WORK/$node/data" -m fast -w stop >/dev/null 2>&1 || true
        fi
    done
}

# A previous run that was killed (or kept) may have left daemons and clusters running.
if [ -d "$WORK" ]; then
    stop_everything
    rm -rf "$WORK"
fi

./scripts/install-prerequisites.sh
say "Building"
./build.sh

free_port() {
    local p
    for p in $(seq "$1" $(($1 + 200))); do
        if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
    done
    echo "demo.sh: no free port from $1" >&2; exit 1
}
declare -A PORT CONN
next=55432
for node in "${NODES[@]}"; do
    PORT[$node]=$(free_port $next)
    next=$((PORT[$node] + 1))
    CONN[$node]="host=127.0.0.1 port=${PORT[$node]} user=digoal_01 dbname=digoal_01"
done
mkdir -p "$WORK/log" "$WORK/pid"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK"

cleanup() {
    status=$?
    if [ "$KEEP" = 1 ]; then
        say "Kept running (--keep)"
        for node in "${NODES[@]}"; do echo "  $node: psql \"${CONN[$node]}\"   config: $WORK/$node.ini"; done
        echo "  logs: $WORK/log   stop all: ./demo.sh --duration 0 (cleans up first) or pg_ctl -D $WORK/<node>/data stop"
    else
        stop_everything
        rm -rf "$WORK"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting three throwaway PostgreSQL 15 clusters on 127.0.0.1: src:${PORT[src]} dst1:${PORT[dst1]} dst2:${PORT[dst2]}"
for node in "${NODES[@]}"; do
    mkdir -p "$WORK/$node"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/$node"
    as_pg "$PG_BIN/initdb" -D "$WORK/$node/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/$node/data" -l "$WORK/$node/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p ${PORT[$node]} -k $WORK/$node -c shared_buffers=256MB -c max_wal_size=2GB" start >/dev/null
    psql -qX -h 127.0.0.1 -p "${PORT[$node]}" -U postgres -d postgres \
        -c "create role digoal_01 login nosuperuser" -c "create database digoal_01 owner digoal_01"
    psql -qX -v ON_ERROR_STOP=1 "${CONN[$node]}" -f examples/seed/schema.sql
done
say "Loading the seed's data on src: 200,000 users and their sessions"
psql -qX -v ON_ERROR_STOP=1 "${CONN[src]}" -f examples/seed/data.sql

write_ini() {  # node
    cat > "$WORK/$1.ini" <<INI
[londiste3]
job_name = ${1}_digoal_01
db = ${CONN[$1]}
queue_name = replika
logfile = $WORK/log/%(job_name)s.log
pidfile = $WORK/pid/%(job_name)s.pid
parallel_copies = 4
INI
}
for node in "${NODES[@]}"; do write_ini "$node"; done
cat > "$WORK/pgqd.ini" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=${PORT[src]} user=digoal_01
database_list = digoal_01
logfile = $WORK/log/pgqd.log
pidfile = $WORK/pid/pgqd.pid
INI

say "Creating the root and two leaves (the tool installs pgq, pgq_node and londiste as the database owner)"
"$LONDISTE" "$WORK/src.ini" create-root src "${CONN[src]}"
"$LONDISTE" "$WORK/dst1.ini" create-leaf dst1 "${CONN[dst1]}" --provider="${CONN[src]}"
"$LONDISTE" "$WORK/dst2.ini" create-leaf dst2 "${CONN[dst2]}" --provider="${CONN[src]}"

say "Starting pgqd and the three workers (-d: in the background, logs in $WORK/log)"
"$PGQD" -d "$WORK/pgqd.ini"
for node in "${NODES[@]}"; do "$LONDISTE" -d "$WORK/$node.ini" worker; done

say "Adding the tables: on the root (capture triggers), then on the leaves (copy, 4 at once)"
TABLES=(digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec)
"$LONDISTE" "$WORK/src.ini" add-table "${TABLES[@]}"
"$LONDISTE" "$WORK/dst1.ini" add-table --all
"$LONDISTE" "$WORK/dst2.ini" add-table --all

say "The seed's load on the root for ${DURATION}s: login.sql and logout.sql at once, 2 clients each"
run_bench() {
    "$PG_BIN/pgbench" -M prepared -n -r -c 2 -j 2 -T "$DURATION" -f "examples/seed/$1.sql" \
        -h 127.0.0.1 -p "${PORT[src]}" -U digoal_01 digoal_01 > "$WORK/log/pgbench-$1.out" 2>&1
}
queued() { psql -qAtX "${CONN[src]}" -c "select pgq.seq_getval(queue_event_seq) from pgq.queue where queue_name = 'replika'"; }
EVENTS_BEFORE=$(queued)
run_bench login & LOGIN=$!
run_bench logout & LOGOUT=$!
START=$(date +%s)
STOPPED=0
while kill -0 "$LOGIN" 2>/dev/null || kill -0 "$LOGOUT" 2>/dev/null; do
    sleep 5
    elapsed=$(( $(date +%s) - START ))
    shown=$([ "$STOPPED" = 0 ] && echo dst1 || echo dst2)
    echo "-- ${elapsed}s: $shown tables"
    "$LONDISTE" "$WORK/$shown.ini" tables 2>/dev/null | grep -v '^$' | sed 's/^/   /' || true
    # Each leaf's lag: the age of the last tick its worker finished (what status shows as Lag).
    psql -qAtX -F ' ' "${CONN[src]}" -c "select '   lag ' || consumer_name || ': ' || round(extract(epoch from lag)::numeric, 1) || 's, ' || pending_events || ' events pending'
                                           from pgq.get_consumer_info('replika') where consumer_name in ('dst1_digoal_01', 'dst2_digoal_01') order by 1" || true
    if [ "$STOPPED" = 0 ] && [ "$elapsed" -ge $((DURATION / 2)) ]; then
        say "Stopping dst1 in the middle of the load: pg_ctl stop -m fast (events pile up in the root's queue)"
        as_pg "$PG_BIN/pg_ctl" -D "$WORK/dst1/data" -m fast -w stop
        STOPPED=1
    fi
done
wait "$LOGIN"; wait "$LOGOUT"
TPS=$(cat "$WORK"/log/pgbench-log*.out | awk '/^tps = .*without/ { s += $3 } END { printf "%.0f", s }')
EVENTS=$(( $(queued) - EVENTS_BEFORE ))
echo "root tps (both scripts): $TPS"
echo "dst1's worker log while its database was down:"
grep -E "WARNING|ERROR" "$WORK/log/dst1_digoal_01.log" | tail -3 | sed 's/^/   /' || true

# The tick that holds the last event of the load: force one and wait for pgqd to make it.
tick() { psql -qAtX "${CONN[src]}" -c "select last_tick_id from pgq.get_queue_info('replika')"; }
before=$(tick)
psql -qAtX "${CONN[src]}" -c "select pgq.force_tick('replika')" >/dev/null
until [ "$(tick)" -gt "$before" ]; do sleep 0.2; done
target_tick=$(tick)

say "Starting dst1 again; its worker catches up by itself (up to tick $target_tick)"
as_pg "$PG_BIN/pg_ctl" -D "$WORK/dst1/data" -l "$WORK/dst1/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p ${PORT[dst1]} -k $WORK/dst1 -c shared_buffers=256MB -c max_wal_size=2GB" start >/dev/null
CATCHUP_START=$(date +%s.%N)
for node in dst1 dst2; do
    until [ "$(psql -qAtX "${CONN[$node]}" -c "select coalesce(worker_last_tick, 0) >= $target_tick from pgq_node.get_node_info('replika')" 2>/dev/null)" = t ]; do
        sleep 0.2
    done
done
CATCHUP=$(awk -v a="$CATCHUP_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
"$LONDISTE" "$WORK/dst1.ini" status

say "Comparing both leaves with the root (lock, sync, count and checksum on both sides at once)"
COMPARE_OK=1
for node in dst1 dst2; do
    echo "-- $node"
    "$LONDISTE" "$WORK/$node.ini" compare || COMPARE_OK=0
done

say "Summary"
printf '  %-34s %s\n' "root tps under the seed's load" "$TPS" \
    "events queued for dst1 during the run" "${EVENTS:-?}" \
    "dst1 stopped and restarted" "yes (pg_ctl stop -m fast)" \
    "catch-up after restart (s)" "$CATCHUP" \
    "checksums equal on dst1 and dst2" "$([ "$COMPARE_OK" = 1 ] && echo yes || echo NO)"
[ "$COMPARE_OK" = 1 ]
