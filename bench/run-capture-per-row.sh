#!/usr/bin/env bash
# CPU cost per captured row: the backend's own CPU time (utime + stime from /proc/PID/stat) for
# N single-row UPDATEs of digoal_01.user_session and N single-row INSERTs into
# digoal_01.user_login_rec (the seed's two kinds of change), each loop in one DO block, on
# databases that differ only in the capture trigger:
#   none       no trigger
#   original   the original PgQ 3.5 C pgq.logutriga (Debian's postgresql-15-pgq3), when installed
#   ours       the per-table function pgq.capture_trigger_function makes (what londiste add-table uses)
#   ours_generic  our generic PL/pgSQL pgq.logutriga
# CPU time of the one backend is what the trigger costs, independent of what else the machine runs
# (unlike tps, which moves by ±30% on a shared 2-core machine). Rounds alternate the databases; the
# event tables and the written tables are emptied/vacuumed before each round so none carries more
# bloat than another.
# Second table: the same changes one per transaction (--tx-rows of them, sent as separate autocommit
# statements through one psql session), so every trigger firing is the first in its transaction:
# what the seed's pgbench transactions pay (PL/pgSQL initialises every expression it evaluates once
# per transaction). Third table, when valgrind is installed: the same in instructions (callgrind),
# which the machine's other load does not move. Writes bench/results/capture-per-row.md.
#   bench/run-capture-per-row.sh [--rows N] [--tx-rows N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=50000
tx_rows=10000
rounds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows=$2; shift 2 ;;
        --tx-rows) tx_rows=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "run-capture-per-row.sh: unknown option $1 (use --rows N, --tx-rows N, --rounds N)" >&2; exit 2 ;;
    esac
done
source bench/lib.sh
BENCH_OUT=${BENCH_OUT:-bench/results/parts}
bench_init
./build.sh >/dev/null
# synchronous_commit off: the one-per-transaction loop measures CPU, not waits for the WAL flush
bench_cluster c -c synchronous_commit=off

has_original=$(bench_psql "$c_port" postgres -At -c "select count(*) from pg_available_extensions where name = 'pgq'")
configs=(none ours ours_generic)
[ "$has_original" = 1 ] && configs+=(original)
tables="digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec"
for config in "${configs[@]}"; do
    bench_psql "$c_port" postgres -c "create database $config"
    bench_psql "$c_port" "$config" -f examples/seed/schema.sql
    bench_psql "$c_port" "$config" -f examples/seed/data.sql
    case "$config" in
        none) continue ;;
        original) bench_psql "$c_port" "$config" -c "create extension pgq" ;;
        *) artifacts/bin/pgqd --install "host=127.0.0.1 port=$c_port user=postgres dbname=$config" >/dev/null ;;
    esac
    bench_psql "$c_port" "$config" -c "select pgq.create_queue('q')" >/dev/null
    for t in $tables; do
        fn=pgq.logutriga
        [ "$config" = ours ] && fn=$(bench_psql "$c_port" "$config" -At -c "select pgq.capture_trigger_function('$t', '{q}')")
        bench_psql "$c_port" "$config" -c "create trigger capture after insert or update or delete on $t for each row execute function $fn('q')"
    done
done

# the backend's CPU per row, one psql session per measurement (bench/lib.sh)
measure() { bench_backend_cpu_us "$c_port" "$1" "$2" "${3:-$rows}"; }
update_loop="do \$\$ begin for i in 1..$rows loop update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid = i; end loop; end \$\$;"
insert_loop="do \$\$ begin for i in 1..$rows loop insert into digoal_01.user_login_rec (userid, login_time, ip) values (i, now(), '127.0.0.1'); end loop; end \$\$;"

# one statement per transaction: files of autocommit statements, read by psql's \i
awk -v n="$tx_rows" 'BEGIN { srand(1); for (i = 1; i <= n; i++) printf "update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid = %d;\n", 1 + int(rand() * 200000) }' >"$BENCH_WORK/tx-update.sql"
awk -v n="$tx_rows" 'BEGIN { srand(2); for (i = 1; i <= n; i++) printf "insert into digoal_01.user_login_rec (userid, login_time, ip) values (%d, now(), '"'"'127.0.0.1'"'"');\n", 1 + int(rand() * 200000) }' >"$BENCH_WORK/tx-insert.sql"
chmod 644 "$BENCH_WORK"/tx-*.sql

declare -A upd ins tupd tins
for round in $(seq 1 "$rounds"); do
    for config in "${configs[@]}"; do
        if [ "$config" != none ]; then
            bench_psql "$c_port" "$config" -c "select pgq.maint_rotate_tables_step1('q')" \
                -c "do \$\$ declare t text; begin for t in select c.oid::regclass::text from pg_class c where c.relname ~ '^event_[0-9]+_[0-9]+\$' and c.relnamespace = 'pgq'::regnamespace loop execute 'truncate ' || t; end loop; end \$\$" >/dev/null
        fi
        bench_psql "$c_port" "$config" -c "vacuum full digoal_01.user_session" -c "vacuum full digoal_01.user_login_rec" -c checkpoint
        u=$(measure "$config" "$update_loop")
        i=$(measure "$config" "$insert_loop")
        tu=$(measure "$config" "\\i $BENCH_WORK/tx-update.sql" "$tx_rows")
        ti=$(measure "$config" "\\i $BENCH_WORK/tx-insert.sql" "$tx_rows")
        echo "round $round $config: update $u µs/row, insert $i µs/row; one per transaction: update $tu µs, insert $ti µs"
        upd[$config]="${upd[$config]:-} $u"
        ins[$config]="${ins[$config]:-} $i"
        tupd[$config]="${tupd[$config]:-} $tu"
        tins[$config]="${tins[$config]:-} $ti"
    done
done

# Instructions (callgrind), which the machine's other load does not move: the cluster is stopped and
# each database is run by a single-user backend under valgrind, once with 100 and once with 300 of
# the statements; the difference / 200 is the instructions per statement. One-row transactions
# (a line per statement, autocommit) and rows in one transaction (a DO block). Skipped without valgrind.
pg_version=$(bench_psql "$c_port" postgres -At -c 'show server_version')
declare -A irs
if command -v valgrind >/dev/null; then
    "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$c_data" -m fast -w stop >/dev/null
    for n in 100 300; do
        head -n "$n" "$BENCH_WORK/tx-update.sql" >"$BENCH_WORK/ir-tx-update-$n.sql"
        head -n "$n" "$BENCH_WORK/tx-insert.sql" >"$BENCH_WORK/ir-tx-insert-$n.sql"
        echo "${update_loop//$rows/$n}" >"$BENCH_WORK/ir-row-update-$n.sql"
        echo "${insert_loop//$rows/$n}" >"$BENCH_WORK/ir-row-insert-$n.sql"
    done
    chmod 644 "$BENCH_WORK"/ir-*.sql
    instructions() {
        local config=$1 file=$2
        "${BENCH_AS_PG[@]}" valgrind --tool=callgrind --callgrind-out-file="$BENCH_WORK/cg.out" \
            "$BENCH_PG_BIN/postgres" --single -D "$c_data" -c synchronous_commit=off "$config" \
            <"$file" >/dev/null 2>"$BENCH_WORK/cg.err"
        awk '/^(summary|totals):/ { print $2; exit }' "$BENCH_WORK/cg.out"
    }
    for config in "${configs[@]}"; do
        for what in tx-update tx-insert row-update row-insert; do
            a=$(instructions "$config" "$BENCH_WORK/ir-$what-100.sql")
            b=$(instructions "$config" "$BENCH_WORK/ir-$what-300.sql")
            irs[$config,$what]=$(( (b - a) / 200 ))
        done
        echo "instructions $config: ${irs[$config,tx-update]} ${irs[$config,tx-insert]} ${irs[$config,row-update]} ${irs[$config,row-insert]}"
    done
fi

median() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
out=bench/results/capture-per-row.md
{
    echo "# CPU per captured row ($(date -u +%Y-%m-%d))"
    echo
    echo "\`bench/run-capture-per-row.sh --rows $rows --tx-rows $tx_rows --rounds $rounds\`: backend CPU time (utime + stime) for $rows single-row"
    echo "UPDATEs of digoal_01.user_session and $rows INSERTs into digoal_01.user_login_rec, one DO block each;"
    echo "PostgreSQL $pg_version, $(nproc) cores. Median of $rounds rounds."
    echo "\"trigger\" is the row's cost minus the same change without a trigger."
    echo
    echo "| capture | update µs/row | trigger µs | insert µs/row | trigger µs | rounds (update / insert) |"
    echo "| --- | ---: | ---: | ---: | ---: | --- |"
    base_u=$(median "${upd[none]}")
    base_i=$(median "${ins[none]}")
    for config in "${configs[@]}"; do
        mu=$(median "${upd[$config]}")
        mi=$(median "${ins[$config]}")
        tu=$(awk -v a="$mu" -v b="$base_u" 'BEGIN { printf "%.2f", a - b }')
        ti=$(awk -v a="$mi" -v b="$base_i" 'BEGIN { printf "%.2f", a - b }')
        echo "| $config | $mu | $tu | $mi | $ti |${upd[$config]} /${ins[$config]} |"
    done
    echo
    echo "One change per transaction: $tx_rows single-row UPDATEs and $tx_rows INSERTs, each its own autocommit statement"
    echo "through one psql session (\\i of a file), so every trigger firing is the first in its transaction. µs per"
    echo "transaction (the backend's CPU, including parsing the statement and committing); \"trigger\" as above."
    echo
    echo "| capture | update µs/tx | trigger µs | insert µs/tx | trigger µs | rounds (update / insert) |"
    echo "| --- | ---: | ---: | ---: | ---: | --- |"
    base_u=$(median "${tupd[none]}")
    base_i=$(median "${tins[none]}")
    for config in "${configs[@]}"; do
        mu=$(median "${tupd[$config]}")
        mi=$(median "${tins[$config]}")
        tu=$(awk -v a="$mu" -v b="$base_u" 'BEGIN { printf "%.2f", a - b }')
        ti=$(awk -v a="$mi" -v b="$base_i" 'BEGIN { printf "%.2f", a - b }')
        echo "| $config | $mu | $tu | $mi | $ti |${tupd[$config]} /${tins[$config]} |"
    done
    if [ ${#irs[@]} -gt 0 ]; then
        echo
        echo "Instructions (callgrind, single-user backend, (300 - 100 statements) / 200), thousands per statement;"
        echo "\"trigger\" is the difference to none. Not moved by the machine's other load, unlike the times above."
        echo
        echo "| capture | one-row tx update | trigger | one-row tx insert | trigger | in one tx: update | trigger | insert | trigger |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        for config in "${configs[@]}"; do
            line="| $config"
            for what in tx-update tx-insert row-update row-insert; do
                line="$line | $(awk -v v="${irs[$config,$what]}" 'BEGIN { printf "%.1f", v / 1000 }') | $(awk -v v="${irs[$config,$what]}" -v b="${irs[none,$what]}" 'BEGIN { printf "%.1f", (v - b) / 1000 }')"
            done
            echo "$line |"
        done
    fi
} >"$out"
cat "$out"
