# Londiste setups shared by bench/parts/copy.sh and bench/parts/compare.sh (sourced after bench/lib.sh
# and bench_init). Ours (artifacts/bin/londiste, pgqd) and the original Londiste 3 (Debian's python3-londiste,
# /usr/bin/pgqd, extensions pgq, pgq_node, londiste) each get their own source and target databases, so the two
# never share a queue or a ticker. All daemons are started with -d and stopped by their pidfiles (-s) on exit.
#
#   bl_ours_root SRCDB DSTDB         root (ours) in SRCDB on cluster src, leaf in DSTDB on cluster dst, pgqd + worker
#   bl_orig_root SRCDB DSTDB         the same with the original
#   bl_wait_ok KIND DSTDB COUNT      waits until COUNT tables are `ok` on the leaf (KIND: ours|orig)
#   bl_seed_rows DB TABLES ROWS      fills the seed's tables on src (user_info etc., seed-like values)

BL_OURS_LONDISTE=$BENCH_ROOT/artifacts/bin/londiste
BL_OURS_PGQD=$BENCH_ROOT/artifacts/bin/pgqd
BL_ORIG_LONDISTE=/usr/bin/londiste
BL_ORIG_PGQD=/usr/bin/pgqd
BL_STOPS=()

bl_build() {
    if [ ! -x "$BL_OURS_LONDISTE" ] || [ ! -x "$BL_OURS_PGQD" ]; then
        (cd "$BENCH_ROOT" && ./build.sh >/dev/null)
    fi
}

bl_has_original() {
    [ -x "$BL_ORIG_LONDISTE" ] && [ -x "$BL_ORIG_PGQD" ] \
        && [ "$(bench_psql "$src_port" postgres -At -c "select count(*) from pg_available_extensions where name in ('pgq', 'pgq_node', 'londiste')")" = 3 ]
}

# Stops the daemons (graceful -s by pidfile), then the normal bench cleanup.
bl_cleanup() {
    local stop
    for stop in "${BL_STOPS[@]}"; do
        eval "$stop" >/dev/null 2>&1 || true
    done
    BL_STOPS=()
    sleep 0.5
    # BL_KEEP_LOGS=DIR keeps the daemons' logs (for looking into a slow run).
    if [ -n "${BL_KEEP_LOGS:-}" ] && [ -n "${BENCH_WORK:-}" ]; then
        mkdir -p "$BL_KEEP_LOGS" && cp "$BENCH_WORK"/*.log "$BL_KEEP_LOGS"/ 2>/dev/null || true
    fi
    bench_cleanup
}
trap bl_cleanup EXIT

bl_conn() { # PORT DB
    printf 'host=127.0.0.1 port=%s user=postgres dbname=%s' "$1" "$2"
}

bl_ini() { # FILE JOB DB-CONNSTR LONDISTE-EXTRA
    cat >"$1" <<INI
[londiste]
job_name = $2
db = $3
queue_name = bench
logfile = $BENCH_WORK/$2.log
pidfile = $BENCH_WORK/$2.pid
$4
INI
}

bl_pgqd_ini() { # FILE NAME PORT DB
    cat >"$1" <<INI
[pgqd]
base_connstr = host=127.0.0.1 port=$3 user=postgres
database_list = $4
logfile = $BENCH_WORK/$2.log
pidfile = $BENCH_WORK/$2.pid
INI
}

# bl_setup KIND SRCDB DSTDB [EXTRA-INI-LINES]: nodes, pgqd and the leaf's worker. Sets bl_root_ini, bl_leaf_ini.
bl_setup() {
    local kind=$1 srcdb=$2 dstdb=$3 extra=${4:-} londiste pgqd
    local srcconn dstconn
    srcconn=$(bl_conn "$src_port" "$srcdb")
    dstconn=$(bl_conn "$dst_port" "$dstdb")
    if [ "$kind" = ours ]; then
        londiste=$BL_OURS_LONDISTE; pgqd=$BL_OURS_PGQD
    else
        londiste=$BL_ORIG_LONDISTE; pgqd=$BL_ORIG_PGQD
        bench_psql "$src_port" "$srcdb" -c "create extension if not exists pgq" -c "create extension if not exists pgq_node" -c "create extension if not exists londiste"
        bench_psql "$dst_port" "$dstdb" -c "create extension if not exists pgq" -c "create extension if not exists pgq_node" -c "create extension if not exists londiste"
    fi
    bl_root_ini=$BENCH_WORK/${kind}_root_$srcdb.ini
    bl_leaf_ini=$BENCH_WORK/${kind}_leaf_$dstdb.ini
    bl_ini "$bl_root_ini" "${kind}_root_$srcdb" "$srcconn" "$extra"
    bl_ini "$bl_leaf_ini" "${kind}_leaf_$dstdb" "$dstconn" "$extra"
    bl_pgqd_ini "$BENCH_WORK/${kind}_pgqd_$srcdb.ini" "${kind}_pgqd_$srcdb" "$src_port" "$srcdb"
    "$londiste" "$bl_root_ini" create-root src "$srcconn" >>"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; return 1; }
    "$londiste" "$bl_leaf_ini" create-leaf dst "$dstconn" --provider="$srcconn" >>"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; return 1; }
    "$pgqd" -d "$BENCH_WORK/${kind}_pgqd_$srcdb.ini" >>"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; return 1; }
    BL_STOPS+=("'$pgqd' -s '$BENCH_WORK/${kind}_pgqd_$srcdb.ini'")
    "$londiste" -d "$bl_leaf_ini" worker >>"$BENCH_WORK/setup.log" 2>&1 || { cat "$BENCH_WORK/setup.log" >&2; return 1; }
    BL_STOPS+=("'$londiste' -s '$bl_leaf_ini'")
    bl_londiste=$londiste
}

# bl_stop_all: stops the daemons started so far (before the next setup, to keep the machine quiet).
bl_stop_all() {
    local stop
    for stop in "${BL_STOPS[@]}"; do
        eval "$stop" >/dev/null 2>&1 || true
    done
    BL_STOPS=()
    sleep 0.3
}

# bl_wait_ok DSTDB COUNT [TIMEOUT-S]: polls londiste.table_info (the same in ours and the original) every 50 ms.
bl_wait_ok() {
    local db=$1 count=$2 timeout=${3:-1800} start now
    start=$(date +%s)
    while :; do
        if [ "$(psql -X -At -h 127.0.0.1 -p "$dst_port" -U postgres -c "select count(*) from londiste.table_info where merge_state = 'ok'" "$db")" -ge "$count" ]; then
            return 0
        fi
        now=$(date +%s)
        if [ $((now - start)) -gt "$timeout" ]; then
            echo "timeout waiting for $count tables ok in $db" >&2
            return 1
        fi
        sleep 0.05
    done
}

# bl_seed_rows DB ROWS TABLES...: the seed's columns and values (../examples/seed/data.sql), ROWS rows per table.
bl_seed_rows() {
    local db=$1 rows=$2 table; shift 2
    for table in "$@"; do
        case "$table" in
            digoal_01.user_info) bench_psql "$src_port" "$db" -c "insert into digoal_01.user_info (userid, engname, cnname, occupation, birthday, signname, email, qq, crt_time, mod_time)
                select g, 'digoal.zhou', '德哥', 'DBA', date '1970-01-01' + (g % 10000),
                       E'公益是一辈子的事, I\\'m Digoal.Zhou, Just do it!', 'digoal' || g || '@126.com', 276732431 + g, clock_timestamp(), null
                from generate_series(1, $rows) as g" ;;
            digoal_01.user_session) bench_psql "$src_port" "$db" -c "insert into digoal_01.user_session (userid, logintime, login_count)
                select g, clock_timestamp(), g % 100 from generate_series(1, $rows) as g" ;;
            digoal_01.user_login_rec|digoal_01.user_logout_rec) bench_psql "$src_port" "$db" -c "insert into $table
                select g % 200000, clock_timestamp(), '127.0.0.1' from generate_series(1, $rows) as g" ;;
        esac
    done
    bench_psql "$src_port" "$db" -c "vacuum analyze"
}

# Seconds since the epoch with milliseconds.
bl_now() { date +%s.%N; }
bl_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
