# Replication setups for bench/parts/provider_tps.sh, apply.sh and worker_rss.sh (sourced after
# bench/lib.sh and bench_init): the seed's tables and data on a root and a leaf, replicated by
#   ours       artifacts/bin/londiste + artifacts/bin/pgqd (the tool installs its schemas itself)
#   londiste3  the original from Debian's packages (/usr/bin/londiste python3, /usr/bin/pgqd,
#              extensions pgq, pgq_node, londiste created first)
#   native_lr  a publication on the four tables and a subscription (copy_data = false)
# Each kind gets its own databases (own queue, triggers and ticker). Leaves start with the same data
# as the root (add-table --expect-sync: no copy), so that every update applies to an existing row.
# Daemons run in the foreground as background jobs of the part; their pids are killed (TERM, then
# KILL) on exit before the clusters are stopped.
#
#   br_seed_template CLUSTER              database "seed" on CLUSTER (schema + the seed's 200,000 users)
#   br_seed_templates CLUSTER...          the same on several clusters at once
#   br_db CLUSTER DB                      DB as a copy of seed
#   br_londiste KIND ROOTDB LEAFDB        root on src, leaf on leaf, the 4 tables on both; no daemon yet
#   br_start_pgqd KIND ROOTDB / br_stop_pgqd KIND ROOTDB
#   br_start_worker KIND NODEDB (sets br_worker_pid) / br_stop_worker KIND NODEDB
#   br_target_tick KIND ROOTDB            forces a tick that covers every event so far; prints its id
#   br_leaf_tick KIND LEAFDB              the last tick the leaf's worker finished
#   br_wait_tick KIND LEAFDB TICK [TIMEOUT-S]   polls (20 ms) until the leaf finished TICK
#   br_native ROOTCLUSTER ROOTDB SUBCLUSTER SUBDB   publication + subscription (enabled)

BR_LONDISTE_OURS=$BENCH_ROOT/artifacts/bin/londiste
BR_PGQD_OURS=$BENCH_ROOT/artifacts/bin/pgqd
BR_LONDISTE_ORIG=/usr/bin/londiste
BR_PGQD_ORIG=/usr/bin/pgqd
BR_QUEUE=bench
BR_TABLES=(digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec)
declare -A BR_PIDS=()

br_build() {
    if [ -z "${BENCH_BUILT:-}" ] || [ ! -x "$BR_LONDISTE_OURS" ] || [ ! -x "$BR_PGQD_OURS" ]; then
        (cd "$BENCH_ROOT" && ./build.sh >/dev/null)
    fi
}

# Stops our daemons (by pid, TERM then KILL), then the clusters (bench_cleanup).
br_cleanup() {
    local key pid
    for key in "${!BR_PIDS[@]}"; do
        pid=${BR_PIDS[$key]}
        kill -TERM "$pid" 2>/dev/null || true
    done
    sleep 0.5
    for key in "${!BR_PIDS[@]}"; do
        pid=${BR_PIDS[$key]}
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    done
    BR_PIDS=()
    # BR_KEEP_LOGS=DIR keeps the daemons' logs (for looking into a slow run).
    if [ -n "${BR_KEEP_LOGS:-}" ] && [ -n "${BENCH_WORK:-}" ]; then
        mkdir -p "$BR_KEEP_LOGS" && cp "$BENCH_WORK"/*.log "$BR_KEEP_LOGS"/ 2>/dev/null || true
    fi
    bench_cleanup
}
trap br_cleanup EXIT

br_has_original() { # PORT
    [ -x "$BR_LONDISTE_ORIG" ] && [ -x "$BR_PGQD_ORIG" ] \
        && [ "$(bench_psql "$1" postgres -At -c "select count(*) from pg_available_extensions where name in ('pgq', 'pgq_node', 'londiste')")" = 3 ]
}

br_port() { local v=${1}_port; echo "${!v}"; }
br_conn() { printf 'host=127.0.0.1 port=%s user=postgres dbname=%s' "$(br_port "$1")" "$2"; }
br_now() { date +%s.%N; }
br_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

br_seed_template() { # CLUSTER
    local port; port=$(br_port "$1")
    bench_psql "$port" postgres -c "create database seed"
    bench_psql "$port" seed -f "$BENCH_ROOT/examples/seed/schema.sql"
    bench_psql "$port" seed -f "$BENCH_ROOT/examples/seed/data.sql"
}

# br_seed_templates CLUSTER...: br_seed_template on each cluster at once.
br_seed_templates() {
    local c pids=() pid
    for c in "$@"; do
        br_seed_template "$c" >"$BENCH_WORK/seed-$c.log" 2>&1 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do
        wait "$pid" || { cat "$BENCH_WORK"/seed-*.log >&2; return 1; }
    done
}

br_db() { # CLUSTER DB
    bench_psql "$(br_port "$1")" postgres -c "create database $2 template seed"
}

br_bin() { # KIND londiste|pgqd
    if [ "$1" = ours ]; then
        [ "$2" = londiste ] && echo "$BR_LONDISTE_OURS" || echo "$BR_PGQD_OURS"
    else
        [ "$2" = londiste ] && echo "$BR_LONDISTE_ORIG" || echo "$BR_PGQD_ORIG"
    fi
}

br_ini() { # FILE JOB CONNSTR SECTION
    cat >"$1" <<INI
[$4]
job_name = $2
db = $3
queue_name = $BR_QUEUE
logfile = $BENCH_WORK/$2.log
pidfile = $BENCH_WORK/$2.pid
INI
}

# br_londiste KIND ROOTDB LEAFDB: ROOTDB on cluster src and LEAFDB on cluster leaf (both copies of
# seed), root and leaf nodes, the four tables added on the root (capture triggers) and on the leaf
# (--expect-sync: the data is already there).
br_londiste() {
    local kind=$1 rootdb=$2 leafdb=$3 londiste db
    londiste=$(br_bin "$kind" londiste)
    br_db src "$rootdb"
    br_db leaf "$leafdb"
    if [ "$kind" != ours ]; then
        for db in "src $rootdb" "leaf $leafdb"; do
            set -- $db
            bench_psql "$(br_port "$1")" "$2" -c "create extension pgq" -c "create extension pgq_node" -c "create extension londiste"
        done
    fi
    # Debian's londiste 3.11 reads section [londiste]; ours reads the original 3.x name [londiste3].
    local section=londiste3
    [ "$kind" != ours ] && section=londiste
    br_ini "$BENCH_WORK/$rootdb.ini" "$rootdb" "$(br_conn src "$rootdb")" "$section"
    br_ini "$BENCH_WORK/$leafdb.ini" "$leafdb" "$(br_conn leaf "$leafdb")" "$section"
    cat >"$BENCH_WORK/pgqd_$rootdb.ini" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=$src_port user=postgres
database_list = $rootdb
logfile = $BENCH_WORK/pgqd_$rootdb.log
pidfile = $BENCH_WORK/pgqd_$rootdb.pid
INI
    {
        "$londiste" "$BENCH_WORK/$rootdb.ini" create-root root "$(br_conn src "$rootdb")"
        "$londiste" "$BENCH_WORK/$leafdb.ini" create-leaf leaf "$(br_conn leaf "$leafdb")" --provider="$(br_conn src "$rootdb")"
        "$londiste" "$BENCH_WORK/$rootdb.ini" add-table "${BR_TABLES[@]}"
        "$londiste" "$BENCH_WORK/$leafdb.ini" add-table --expect-sync "${BR_TABLES[@]}"
    } >>"$BENCH_WORK/setup-$kind.log" 2>&1 || { echo "lib-replica: setting up $kind failed:" >&2; tail -20 "$BENCH_WORK/setup-$kind.log" >&2; return 1; }
}

br_start_pgqd() { # KIND ROOTDB
    local pgqd; pgqd=$(br_bin "$1" pgqd)
    "$pgqd" "$BENCH_WORK/pgqd_$2.ini" >>"$BENCH_WORK/pgqd_$2.out" 2>&1 &
    BR_PIDS[pgqd_$2]=$!
}

br_stop_pid() { # KEY
    local pid=${BR_PIDS[$1]:-}
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "BR_PIDS[$1]"
}

br_stop_pgqd() { br_stop_pid "pgqd_$2"; }

br_start_worker() { # KIND NODEDB (a leaf's or the root's database)
    local londiste; londiste=$(br_bin "$1" londiste)
    "$londiste" "$BENCH_WORK/$2.ini" worker >>"$BENCH_WORK/worker_$2.out" 2>&1 &
    br_worker_pid=$!
    BR_PIDS[worker_$2]=$br_worker_pid
}

br_stop_worker() { br_stop_pid "worker_$2"; }

br_root_tick() { # ROOTDB
    bench_psql "$src_port" "$1" -At -c "select last_tick_id from pgq.get_queue_info('$BR_QUEUE')"
}

# Forces a tick (pgqd must be running) and prints its id once it exists.
br_target_tick() { # KIND ROOTDB
    local before now i
    before=$(br_root_tick "$2")
    bench_psql "$src_port" "$2" -At -c "select pgq.force_tick('$BR_QUEUE')" >/dev/null
    for i in $(seq 1 600); do
        now=$(br_root_tick "$2")
        if [ "$now" -gt "$before" ]; then echo "$now"; return 0; fi
        sleep 0.05
    done
    echo "lib-replica: no tick in $2 within 30 s (is pgqd running?)" >&2
    return 1
}

br_leaf_tick() { # LEAFDB
    bench_psql "$leaf_port" "$1" -At -c "select coalesce(worker_last_tick, 0) from pgq_node.get_node_info('$BR_QUEUE')"
}

br_wait_tick() { # LEAFDB TICK [TIMEOUT-S]
    local db=$1 tick=$2 timeout=${3:-1800} start
    start=$(date +%s)
    while [ "$(br_leaf_tick "$db")" -lt "$tick" ]; do
        if [ $(( $(date +%s) - start )) -gt "$timeout" ]; then
            echo "lib-replica: leaf $db did not reach tick $tick within $timeout s" >&2
            return 1
        fi
        sleep 0.02
    done
}

# br_native ROOTCLUSTER ROOTDB SUBCLUSTER SUBDB: both copies of seed; publication pub and
# subscription sub (copy_data = false: the rows are there), waits until it streams.
br_native() {
    local rc=$1 rootdb=$2 sc=$3 subdb=$4 i
    br_db "$rc" "$rootdb"
    br_db "$sc" "$subdb"
    bench_psql "$(br_port "$rc")" "$rootdb" -c "create publication pub for table $(IFS=,; echo "${BR_TABLES[*]}")"
    bench_psql "$(br_port "$sc")" "$subdb" -c "create subscription sub_$subdb connection '$(br_conn "$rc" "$rootdb")' publication pub with (copy_data = false)"
    for i in $(seq 1 600); do
        [ "$(bench_psql "$(br_port "$sc")" "$subdb" -At -c "select count(*) from pg_stat_subscription where subname = 'sub_$subdb' and pid is not null")" -ge 1 ] && return 0
        sleep 0.05
    done
    echo "lib-replica: subscription sub_$subdb does not stream" >&2
    return 1
}

# The seed workload: login.sql and logout.sql at once, 2 clients each (-M prepared), on PORT DB,
# for SECONDS (-T) or TRANSACTIONS per client (-t N: prefix with t). Prints the summed tps.
br_seed_load() { # PORT DB -T SECONDS | -t TRANSACTIONS
    local port=$1 db=$2 mode=$3 n=$4 login
    pgbench -h 127.0.0.1 -p "$port" -U postgres -M prepared -n -c 2 -j 2 "$mode" "$n" -f "$BENCH_ROOT/examples/seed/login.sql" "$db" >"$BENCH_WORK/login.out" 2>&1 &
    login=$!
    pgbench -h 127.0.0.1 -p "$port" -U postgres -M prepared -n -c 2 -j 2 "$mode" "$n" -f "$BENCH_ROOT/examples/seed/logout.sql" "$db" >"$BENCH_WORK/logout.out" 2>&1 \
        || { cat "$BENCH_WORK/logout.out" >&2; return 1; }
    wait "$login" || { cat "$BENCH_WORK/login.out" >&2; return 1; }
    # Each script's transaction changes two rows (an insert and an update): the events it makes.
    br_load_events=$(cat "$BENCH_WORK/login.out" "$BENCH_WORK/logout.out" | awk '/^number of transactions actually processed/ { s += $NF } END { print s * 2 }')
    echo "$br_load_events" >"$BENCH_WORK/load-events"
    cat "$BENCH_WORK/login.out" "$BENCH_WORK/logout.out" | awk '/^tps = .*without/ { s += $3 } END { printf "%.0f", s }'
}

# br_bulk_backlog PORT DB EVENTS: seed-shaped changes in transactions of 10,000 events (2,500 login
# records, 2,500 logout records, 5,000 session updates), much faster to write than pgbench for
# millions of events. With pgqd running, ticks fall between the transactions.
br_bulk_backlog() {
    local port=$1 db=$2 events=$3 tx i lo
    tx=$(( (events + 9999) / 10000 ))
    {
        for i in $(seq 0 $((tx - 1))); do
            lo=$(( (i * 5000) % 195000 + 1 ))
            echo "begin;"
            echo "insert into digoal_01.user_login_rec (userid, login_time, ip) select g, now(), '127.0.0.1' from generate_series($lo, $((lo + 2499))) g;"
            echo "update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid between $lo and $((lo + 2499));"
            echo "insert into digoal_01.user_logout_rec (userid, logout_time, ip) select g, now(), '127.0.0.1' from generate_series($((lo + 2500)), $((lo + 4999))) g;"
            echo "update digoal_01.user_session set logouttime = now(), online_interval = online_interval + (now() - logintime) where userid between $((lo + 2500)) and $((lo + 4999));"
            echo "commit;"
        done
    } | bench_psql "$port" "$db" >/dev/null
    br_load_events=$((tx * 10000))
}

# The peak RSS (VmHWM) of a process in MB.
br_hwm_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

# br_notes_json NOTE...: a JSON array of the notes (empty array for none).
br_notes_json() {
    if [ $# -eq 0 ]; then echo '[]'; else printf '%s\n' "$@" | jq -R . | jq -cs .; fi
}
