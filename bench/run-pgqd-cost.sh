#!/usr/bin/env bash
# pgqd's CPU cost, idle and busy (pgbench inserting 1,000 events/s), with polling for due queues
# (ticker_poll_period 0.02; the queue has ticker_max_lag 50 ms as londiste roots get) and without
# (ticker_poll_period = ticker_period = 1, the original's behaviour). Prints CPU ms of the pgqd process and
# of its server backends over 20 s (from /proc, after a 10 s warm-up) and the ticks made.
#   bench/run-pgqd-cost.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_init
cd "$BENCH_ROOT"
[ -x artifacts/bin/pgqd ] || ./build.sh >/dev/null
PGQD=$BENCH_ROOT/artifacts/bin/pgqd
bench_cluster c
bench_psql "$c_port" postgres -c "create database q"
"$PGQD" --install "host=127.0.0.1 port=$c_port user=postgres dbname=q" >/dev/null 2>&1
bench_psql "$c_port" q -c "select pgq.create_queue('replika')" -c "select pgq.set_queue_config('replika', 'ticker_max_lag', '50 milliseconds')" >/dev/null
echo "select pgq.insert_event('replika', 'x', 'y');" >"$BENCH_WORK/ev.sql"
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
measure() {  # POLL_PERIOD idle|busy
    cat >"$BENCH_WORK/pgqd.ini" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=$c_port user=postgres
database_list = q
ticker_poll_period = $1
logfile = $BENCH_WORK/pgqd.log
pidfile = $BENCH_WORK/pgqd.pid
INI
    "$PGQD" -d "$BENCH_WORK/pgqd.ini"
    sleep 10
    local pid backends p t0 t1 b0=0 b1=0 ticks0 ticks1
    pid=$(cat "$BENCH_WORK/pgqd.pid")
    backends=$(bench_psql "$c_port" postgres -At -c "select string_agg(pid::text, ' ') from pg_stat_activity where application_name = 'pgqd'")
    t0=$(cpu_ms "$pid"); for p in $backends; do b0=$((b0 + $(cpu_ms "$p"))); done
    ticks0=$(bench_psql "$c_port" q -At -c "select count(*) from pgq.tick")
    if [ "$2" = busy ]; then
        pgbench -h 127.0.0.1 -p "$c_port" -U postgres -n -c 1 -R 1000 -T 20 -f "$BENCH_WORK/ev.sql" q >/dev/null 2>&1
    else
        sleep 20
    fi
    t1=$(cpu_ms "$pid"); for p in $backends; do b1=$((b1 + $(cpu_ms "$p"))); done
    ticks1=$(bench_psql "$c_port" q -At -c "select count(*) from pgq.tick")
    "$PGQD" -s "$BENCH_WORK/pgqd.ini" >/dev/null 2>&1; sleep 1
    echo "ticker_poll_period=$1 $2: pgqd $((t1 - t0)) ms CPU, its backends $((b1 - b0)) ms CPU in 20 s; $((ticks1 - ticks0)) ticks"
}
measure 0.02 idle
measure 1 idle
measure 0.02 busy
measure 1 busy
