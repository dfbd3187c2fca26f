#!/usr/bin/env bash
# Builds the project, starts a throwaway PostgreSQL cluster on 127.0.0.1 and shows the queue at
# work: the PgQ schema installed by `pgqd --install` (no extension, no superuser needed), pgqd
# ticking and maintaining, pgbench producing events, a consumer draining them exactly once.
# Everything it starts is stopped by pid / pg_ctl on exit, also on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SECONDS_OF_LOAD=${DEMO_SECONDS:-10}
WORK=${TMPDIR:-/tmp}/londiste-net-demo
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# A previous run that was killed may have left its cluster running: stop it by its data folder.
if [ -f "$WORK/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
fi
if [ -f "$WORK/pgqd.pid" ]; then kill "$(cat "$WORK/pgqd.pid")" 2>/dev/null || true; fi
rm -rf "$WORK"

./scripts/install-prerequisites.sh
say "Building"
./build.sh

free_port() {
    local p
    for p in $(seq 55432 55532); do
        if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
    done
    echo "demo.sh: no free port in 55432-55532" >&2; exit 1
}
PORT=$(free_port)
mkdir -p "$WORK/data" "$WORK/sock"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$WORK"

PGQD_PID=""
cleanup() {
    if [ -n "$PGQD_PID" ]; then kill "$PGQD_PID" 2>/dev/null || true; wait "$PGQD_PID" 2>/dev/null || true; fi
    as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say "Starting a throwaway PostgreSQL 15 cluster on 127.0.0.1:$PORT"
as_pg "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK/sock -c fsync=off" start >/dev/null
export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=postgres
psql -qX -d postgres -c "create role app_owner login" -c "create database digoal_01 owner app_owner"
CONN="host=127.0.0.1 port=$PORT dbname=digoal_01 user=app_owner"

say "Installing the PgQ schema as a plain (non-superuser) database owner: pgqd --install"
artifacts/bin/pgqd --install "$CONN"

say "Creating queue 'replika' and consumer 'demo_consumer'"
psql -qX "$CONN" <<'SQL'
select pgq.create_queue('replika');
select pgq.register_consumer('replika', 'demo_consumer');
create table demo_consumed (batch_id bigint primary key, events bigint not null);
SQL

say "Starting pgqd (ticker + maintenance)"
cat > "$WORK/pgqd.ini" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=$PORT user=app_owner
database_list = digoal_01
ticker_period = 0.5
logfile = $WORK/pgqd.log
pidfile = $WORK/pgqd.pid
INI
artifacts/bin/pgqd "$WORK/pgqd.ini" > "$WORK/pgqd.out" 2>&1 &
PGQD_PID=$!

say "pgbench: 4 clients insert events for ${SECONDS_OF_LOAD}s while a consumer drains the queue"
"$PG_BIN/pgbench" -n -M prepared -c 4 -j 2 -T "$SECONDS_OF_LOAD" -f examples/queue-demo/produce.sql \
    -U app_owner digoal_01 > "$WORK/pgbench.out" 2>&1 &
BENCH=$!
while kill -0 "$BENCH" 2>/dev/null; do
    psql -qX "$CONN" -f examples/queue-demo/consume.sql >/dev/null
done
if ! wait "$BENCH"; then
    echo "demo.sh: pgbench failed:" >&2; tail -n 5 "$WORK/pgbench.out" >&2; exit 1
fi
grep -E "^(number of transactions actually processed|tps)" "$WORK/pgbench.out" | sed 's/^/  pgbench: /'
PRODUCED=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")

say "Draining what is left (pgqd ticks it into batches)"
for _ in $(seq 1 120); do
    psql -qX "$CONN" -f examples/queue-demo/consume.sql >/dev/null
    CONSUMED=$(psql -qXAt "$CONN" -c "select coalesce(sum(events), 0) from demo_consumed")
    [ "$CONSUMED" -ge "$PRODUCED" ] && break
    sleep 0.5
done
psql -qX "$CONN" -c "select queue_name, ticker_lag, ev_per_sec::int, last_tick_id from pgq.get_queue_info()" \
    -c "select queue_name, consumer_name, lag, last_seen, last_tick, pending_events from pgq.get_consumer_info()"
echo "  produced: $PRODUCED events   consumed: $CONSUMED events in $(psql -qXAt "$CONN" -c 'select count(*) from demo_consumed') batches"
say "pgqd log (last lines)"
tail -n 5 "$WORK/pgqd.log" 2>/dev/null || tail -n 5 "$WORK/pgqd.out"
if [ "$CONSUMED" = "$PRODUCED" ]; then
    say "OK: every produced event was consumed exactly once"
else
    echo "demo.sh: produced $PRODUCED events but consumed $CONSUMED" >&2
    exit 1
fi
