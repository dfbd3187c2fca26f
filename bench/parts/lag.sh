#!/usr/bin/env bash
# Bench part "lag" (issue 6): replication lag under the seed load and catch-up start after a leaf outage.
#
#   lag_p50_ms, lag_p99_ms   commit on the root to visible on the leaf: bench/lag-probe.py inserts a row into
#                            public.lag_probe (a replicated table) on the root 10 times a second while the seed
#                            load runs (login.sql + logout.sql, 2 pgbench clients each) and polls the leaf every
#                            5 ms; full 60 s per system, --quick 5 s (and 20,000 instead of 200,000 users).
#   catchup_start_s          under the same load the leaf's cluster is stopped (pg_ctl stop -m fast), started
#                            again after 3 s; time from its start until its worker applied the first batch
#                            (--quick: ours only; the original's takes 15-20 s by itself).
# Systems, one after another on the same two clusters (root with wal_level=logical, leaf), each with its own pair
# of databases made from the same seed template, the tables already in sync (add-table --expect-sync /
# copy_data = false) so only replication is timed:
#   ours        artifacts/bin/pgqd and londiste worker, out of the box (create-root's ticker_max_lag, loop_delay 1 s)
#   londiste3   Debian's pgqd and python3-londiste with `create extension pgq/pgq_node/londiste`, out of the box
#   native_lr   a publication of the five tables and a subscription (no catch-up figure: no worker retry sleep)
# Writes $BENCH_OUT/lag.json and $BENCH_OUT/lag.svg (lag over time, all three).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_init "$@"
cd "$BENCH_ROOT"

# LAG_SYSTEMS (for working on this part): which of "ours londiste3 native_lr" to run; LAG_LOGS=DIR keeps the
# daemons' logs there.
systems=" ${LAG_SYSTEMS:-ours londiste3 native_lr} "
probe_seconds=60
outage_seconds=3
users=200000
warmup_seconds=3
if [ "$BENCH_QUICK" = 1 ]; then
    probe_seconds=5
    warmup_seconds=2
    users=20000
fi
rate=10
queue=replika
tables="digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec public.lag_probe"
PY=/usr/bin/python3   # Debian's python3: psycopg2 and the original londiste live there
ORIG_LONDISTE=/usr/bin/londiste
ORIG_PGQD=/usr/bin/pgqd

# LAG_OURS_BIN=DIR: take londiste and pgqd from there (e.g. an older build, for before/after figures).
ours_bin=${LAG_OURS_BIN:-$BENCH_ROOT/artifacts/bin}
[ -n "${LAG_OURS_BIN:-}" ] || { [ -x artifacts/bin/londiste ] && [ -x artifacts/bin/pgqd ]; } || ./build.sh >/dev/null
LONDISTE=$ours_bin/londiste
PGQD=$ours_bin/pgqd

W=$BENCH_WORK
mkdir -p "$W/log" "$W/pid"
DAEMON_INIS=()
stop_daemons() {
    local ini
    for ini in "${DAEMON_INIS[@]}"; do
        case "$ini" in
            *orig_pgqd.ini) "$ORIG_PGQD" -s "$ini" >/dev/null 2>&1 || true ;;
            *orig_*) "$ORIG_LONDISTE" -s "$ini" >/dev/null 2>&1 || true ;;
            *ours_pgqd.ini) "$PGQD" -s "$ini" >/dev/null 2>&1 || true ;;
            *) "$LONDISTE" -s "$ini" >/dev/null 2>&1 || true ;;
        esac
    done
    DAEMON_INIS=()
    sleep 1
}

bench_cluster root -c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10
bench_cluster leaf
conn() { echo "host=127.0.0.1 port=$1 user=postgres dbname=$2"; }

# The seed template on each cluster: schema, the 200,000 users and sessions, and the probe table.
for port in "$root_port" "$leaf_port"; do
    bench_psql "$port" postgres -c "create database seed"
    sed "s/200000/$users/g" examples/seed/data.sql >"$W/data.sql"
    bench_psql "$port" seed -f examples/seed/schema.sql -f "$W/data.sql" \
        -c "create table public.lag_probe (id bigserial primary key, note text, at timestamptz default clock_timestamp())"
done

has_original=1
for f in "$ORIG_LONDISTE" "$ORIG_PGQD"; do [ -x "$f" ] || has_original=0; done
[ "$(bench_psql "$root_port" postgres -At -c "select count(*) from pg_available_extensions where name in ('pgq', 'pgq_node', 'londiste')")" = 3 ] || has_original=0

# load SECONDS DB: the seed workload on the root, in the background (pids in load_pids).
load_pids=()
load() {
    local seconds=$1 db=$2 script
    load_pids=()
    for script in login logout; do
        pgbench -h 127.0.0.1 -p "$root_port" -U postgres -M prepared -n -c 2 -j 2 -T "$seconds" \
            -f "examples/seed/$script.sql" "$db" >"$W/load-$script-$db.out" 2>&1 &
        load_pids+=($!)
    done
}
load_wait() { local pid; for pid in "${load_pids[@]}"; do wait "$pid" || true; done; load_pids=(); }
load_stop() { local pid; for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; load_wait; }
keep_logs() { [ -n "${LAG_LOGS:-}" ] && mkdir -p "$LAG_LOGS" && cp -r "$W/log/." "$LAG_LOGS/" 2>/dev/null || true; }
trap 'load_stop; stop_daemons; keep_logs; bench_cleanup' EXIT
load_tps() { cat "$W/load-login-$1.out" "$W/load-logout-$1.out" 2>/dev/null | awk '/^tps = .*without/ { s += $3 } END { printf "%.0f", s }'; }

write_londiste_ini() {  # FILE JOB DB_CONN [SECTION]: the original (python3-londiste 3.11) reads [londiste]
    cat >"$1" <<INI
[${4:-londiste3}]
job_name = $2
db = $3
queue_name = $queue
logfile = $W/log/%(job_name)s.log
pidfile = $W/pid/%(job_name)s.pid
INI
}
write_pgqd_ini() {  # FILE DB
    cat >"$1" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=$root_port user=postgres
database_list = $2
logfile = $W/log/$(basename "$1" .ini).log
pidfile = $W/pid/$(basename "$1" .ini).pid
INI
}

# wait_ok TOOL INI: every table ok on the leaf.
wait_ok() {
    local db=$1 i
    for i in $(seq 1 600); do
        if [ "$(bench_psql "$leaf_port" "$db" -At -c "select count(*) from londiste.get_table_list('$queue') where local and merge_state = 'ok'")" = 5 ]; then
            return 0
        fi
        sleep 0.2
    done
    echo "lag.sh: tables on $db did not become ok" >&2
    return 1
}

# measure_lag NAME ROOT_DB LEAF_DB: probe under load; sets p50, p99 (empty if the probe failed).
measure_lag() {
    local name=$1 rdb=$2 ldb=$3 out
    # The probe starts after a warm-up under load, so the figures are the steady state (the first batches after
    # an idle period also pay one-time costs, e.g. our worker's JIT compilation of the apply path).
    load $((probe_seconds + warmup_seconds + 1)) "$rdb"
    sleep "$warmup_seconds"
    if out=$("$PY" bench/lag-probe.py probe "$(conn "$root_port" "$rdb")" "$(conn "$leaf_port" "$ldb")" "$probe_seconds" "$rate" "$W/$name.csv" 2>"$W/$name.probe.err"); then
        read -r p50 p99 count missing <<<"$out"
        echo "lag.sh: $name: p50 $p50 ms, p99 $p99 ms ($count rows, $missing missing)" >&2
        [ "$missing" = 0 ] || notes+=("$name: $missing of $((count + missing)) probe rows did not reach the leaf within 30 s after the load")
    else
        p50=""; p99=""
        cat "$W/$name.probe.err" >&2
    fi
    load_wait
    tps[$name]=$(load_tps "$rdb")
}

# measure_catchup LEAF_DB: leaf cluster stopped under load and started; sets catchup (seconds) or empty.
measure_catchup() {
    local rdb=$1 ldb=$2 before now t0 i
    catchup=""
    load $((outage_seconds + 40)) "$rdb"
    sleep 2
    before=$(bench_psql "$leaf_port" "$ldb" -At -c "select coalesce(worker_last_tick, 0) from pgq_node.get_node_info('$queue')")
    "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$leaf_data" -m fast -w stop >/dev/null
    sleep "$outage_seconds"
    # The options bench_cluster started it with (pg_ctl start does not remember them).
    "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$leaf_data" -l "$W/leaf.log" -w -t 60 \
        -o "-p $leaf_port -k $W -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
    t0=$(date +%s.%N)
    for i in $(seq 1 1200); do
        now=$(bench_psql "$leaf_port" "$ldb" -At -c "select coalesce(worker_last_tick, 0) from pgq_node.get_node_info('$queue')" 2>/dev/null || echo "$before")
        if [ "$now" != "$before" ]; then
            catchup=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
            break
        fi
        sleep 0.05
    done
    load_stop
}

declare -A p50s p99s catchups tps
notes=()

# --- ours ---
if [[ $systems == *" ours "* ]]; then
bench_psql "$root_port" postgres -c "create database ours_root template seed"
bench_psql "$leaf_port" postgres -c "create database ours_leaf template seed"
write_londiste_ini "$W/ours_root.ini" ours_root "$(conn "$root_port" ours_root)"
write_londiste_ini "$W/ours_leaf.ini" ours_leaf "$(conn "$leaf_port" ours_leaf)"
write_pgqd_ini "$W/ours_pgqd.ini" ours_root
"$LONDISTE" "$W/ours_root.ini" create-root root "$(conn "$root_port" ours_root)" >/dev/null 2>&1
"$LONDISTE" "$W/ours_leaf.ini" create-leaf leaf "$(conn "$leaf_port" ours_leaf)" --provider="$(conn "$root_port" ours_root)" >/dev/null 2>&1
"$LONDISTE" "$W/ours_root.ini" add-table $tables >/dev/null 2>&1
"$LONDISTE" "$W/ours_leaf.ini" add-table --all --expect-sync >/dev/null 2>&1
"$PGQD" -d "$W/ours_pgqd.ini"; DAEMON_INIS+=("$W/ours_pgqd.ini")
"$LONDISTE" ${LAG_VERBOSE:+-v} -d "$W/ours_leaf.ini" worker; DAEMON_INIS+=("$W/ours_leaf.ini")
wait_ok ours_leaf
measure_lag ours ours_root ours_leaf
p50s[ours]=$p50; p99s[ours]=$p99
measure_catchup ours_root ours_leaf
catchups[ours]=$catchup
echo "lag.sh: ours: catch-up start ${catchup:-?} s" >&2
stop_daemons
bench_psql "$root_port" postgres -c "drop database ours_root with (force)"
fi

# --- the original Londiste 3 ---
if [[ $systems != *" londiste3 "* ]]; then
    has_original=0
elif [ "$has_original" = 1 ]; then
    bench_psql "$root_port" postgres -c "create database orig_root template seed"
    bench_psql "$leaf_port" postgres -c "create database orig_leaf template seed"
    for port_db in "$root_port orig_root" "$leaf_port orig_leaf"; do
        read -r port db <<<"$port_db"
        bench_psql "$port" "$db" -c "create extension pgq" -c "create extension pgq_node" -c "create extension londiste"
    done
    write_londiste_ini "$W/orig_root.ini" orig_root "$(conn "$root_port" orig_root)" londiste
    write_londiste_ini "$W/orig_leaf.ini" orig_leaf "$(conn "$leaf_port" orig_leaf)" londiste
    write_pgqd_ini "$W/orig_pgqd.ini" orig_root
    "$ORIG_LONDISTE" "$W/orig_root.ini" create-root root "$(conn "$root_port" orig_root)" >"$W/log/orig-setup.log" 2>&1
    "$ORIG_LONDISTE" "$W/orig_leaf.ini" create-leaf leaf "$(conn "$leaf_port" orig_leaf)" --provider="$(conn "$root_port" orig_root)" >>"$W/log/orig-setup.log" 2>&1
    "$ORIG_LONDISTE" "$W/orig_root.ini" add-table $tables >>"$W/log/orig-setup.log" 2>&1
    "$ORIG_LONDISTE" "$W/orig_leaf.ini" add-table --all --expect-sync >>"$W/log/orig-setup.log" 2>&1
    "$ORIG_PGQD" -d "$W/orig_pgqd.ini"; DAEMON_INIS+=("$W/orig_pgqd.ini")
    "$ORIG_LONDISTE" -d "$W/orig_leaf.ini" worker; DAEMON_INIS+=("$W/orig_leaf.ini")
    wait_ok orig_leaf
    measure_lag londiste3 orig_root orig_leaf
    p50s[londiste3]=$p50; p99s[londiste3]=$p99
    if [ "$BENCH_QUICK" = 0 ]; then
        measure_catchup orig_root orig_leaf
        catchups[londiste3]=$catchup
        echo "lag.sh: londiste3: catch-up start ${catchup:-?} s" >&2
    else
        notes+=("catchup_start_s: londiste3 not measured with --quick (its retry sleep alone is 15-20 s)")
    fi
    stop_daemons
    bench_psql "$root_port" postgres -c "drop database orig_root with (force)"
else
    notes+=("londiste3: the original (pgqd, python3-londiste, extensions pgq/pgq_node/londiste) is not installed")
fi

# --- native logical replication ---
if [[ $systems == *" native_lr "* ]]; then
bench_psql "$root_port" postgres -c "create database lr_root template seed"
bench_psql "$leaf_port" postgres -c "create database lr_leaf template seed"
bench_psql "$root_port" lr_root -c "create publication lag_pub for table $(echo $tables | tr ' ' ',')"
bench_psql "$leaf_port" lr_leaf -c "create subscription lag_sub connection '$(conn "$root_port" lr_root)' publication lag_pub with (copy_data = false)"
for i in $(seq 1 100); do
    [ "$(bench_psql "$root_port" lr_root -At -c "select count(*) from pg_replication_slots where slot_name = 'lag_sub' and active")" = 1 ] && break
    sleep 0.2
done
measure_lag native_lr lr_root lr_leaf
p50s[native_lr]=$p50; p99s[native_lr]=$p99
bench_psql "$leaf_port" lr_leaf -c "drop subscription lag_sub"
fi

num() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo null; }
refs() {  # ASSOC_NAME
    local -n m=$1
    echo "{\"londiste3\": $(num "${m[londiste3]:-}"), \"native_lr\": $(num "${m[native_lr]:-}")}"
}
detail="seed load ($users users; login.sql + logout.sql, 2 pgbench clients each; tps ours ${tps[ours]:-?}, londiste3 ${tps[londiste3]:-?}, native_lr ${tps[native_lr]:-?}), probe row ${rate}/s for ${probe_seconds} s after ${warmup_seconds} s of load, leaf polled every 5 ms"
reason_ours=""
[ -z "${p50s[ours]:-}" ] && reason_ours="the probe failed (see the part's output)"
bench_figure lag_p50_ms ms lower "${p50s[ours]:-}" "$(refs p50s)" "$detail" "$reason_ours"
bench_figure lag_p99_ms ms lower "${p99s[ours]:-}" "$(refs p99s)" "$detail" "$reason_ours"
reason=""
[ -z "${catchups[ours]:-}" ] && reason="the leaf's worker applied no batch within 60 s after the restart"
bench_figure catchup_start_s s lower "${catchups[ours]:-}" \
    "{\"londiste3\": $(num "${catchups[londiste3]:-}"), \"native_lr\": null}" \
    "leaf cluster stopped (pg_ctl stop -m fast) for ${outage_seconds} s under the seed load; from its start to the first batch applied (native LR: not measured, it has no worker batches)" "$reason"

series=("ours=$W/ours.csv")
[ "$has_original" = 1 ] && series+=("londiste3=$W/londiste3.csv")
series+=("native_lr=$W/native_lr.csv")
"$PY" bench/lag-probe.py chart "$BENCH_OUT/lag.svg" "Replication lag under the seed load (commit on root to visible on leaf, log scale)" "${series[@]}"
notes_json=$(printf '%s\n' "${notes[@]+"${notes[@]}"}" | jq -R . | jq -s 'map(select(length > 0))')
bench_write_json lag '["lag.svg"]' "$notes_json"
echo "lag.sh: wrote $BENCH_OUT/lag.json" >&2
