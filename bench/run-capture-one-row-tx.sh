#!/usr/bin/env bash
# CPU cost of capture per one-row transaction, the seed workload's shape (every statement of login.sql
# and logout.sql is its own transaction): a procedure inserts a row into digoal_01.user_login_rec,
# commits, updates a row of digoal_01.user_session, commits, N times, on databases that differ only in
# the capture trigger on those tables:
#   none                                   no trigger
#   original_url / _json / _sql            the original PgQ 3.5 C pgq.logutriga / jsontriga / sqltriga
#                                          (Debian's postgresql-15-pgq3), when installed
#   ours_url / _json / _sql                the functions pgq.capture_trigger_function /
#                                          capture_jsontriga_function / capture_sqltriga_function make
#                                          (what londiste installs)
# The measure is the backend's own CPU time (utime + stime from /proc/PID/stat) per row, so a busy
# machine distorts it little. The cluster runs with fsync off (commits still write their WAL), so
# disk waits do not hide CPU. Rounds alternate the databases; the best round counts. Complements
# bench/run-capture-per-row.sh (rows inside one transaction), where PL/pgSQL's per-transaction set-up
# of each expression is spread over many rows. Writes bench/results/capture-one-row-tx-<date>.md.
#   bench/run-capture-one-row-tx.sh [--rows N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=20000
rounds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "run-capture-one-row-tx.sh: unknown option $1 (use --rows N, --rounds N)" >&2; exit 2 ;;
    esac
done
source bench/lib.sh
BENCH_OUT=${BENCH_OUT:-bench/results/parts}
bench_init
trap bench_cleanup EXIT
./build.sh >/dev/null
bench_cluster c -c fsync=off

has_original=$(bench_psql "$c_port" postgres -At -c "select count(*) from pg_available_extensions where name = 'pgq'")
configs=(none ours_url ours_json ours_sql)
[ "$has_original" = 1 ] && configs+=(original_url original_json original_sql)
tables="digoal_01.user_session digoal_01.user_login_rec"
for config in "${configs[@]}"; do
    bench_psql "$c_port" postgres -c "create database $config" >/dev/null
    bench_psql "$c_port" "$config" -q -f examples/seed/schema.sql
    bench_psql "$c_port" "$config" -q -f examples/seed/data.sql >/dev/null
    bench_psql "$c_port" "$config" -q -c "
        create procedure public.one_row_transactions(n int) language plpgsql as \$\$
        declare u int;
        begin
            for i in 1..n loop
                u := 1 + (i * 7919) % 200000;
                insert into digoal_01.user_login_rec (userid, login_time, ip) values (u, now(), '127.0.0.1');
                commit;
                update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid = u;
                commit;
            end loop;
        end \$\$"
    case "$config" in
        none) continue ;;
        original_*) bench_psql "$c_port" "$config" -c "create extension pgq" >/dev/null ;;
        *) artifacts/bin/pgqd --install "host=127.0.0.1 port=$c_port user=postgres dbname=$config" >/dev/null ;;
    esac
    bench_psql "$c_port" "$config" -c "select pgq.create_queue('q')" >/dev/null
    for t in $tables; do
        case "$config" in
            ours_url) fn=$(bench_psql "$c_port" "$config" -At -c "select pgq.capture_trigger_function('$t', '{q}')") ;;
            ours_json|ours_sql) fn=$(bench_psql "$c_port" "$config" -At -c "select pgq.capture_${config#ours_}triga_function('$t', '{q}')") ;;
            original_url) fn=pgq.logutriga ;;
            original_*) fn=pgq.${config#original_}triga ;;
        esac
        bench_psql "$c_port" "$config" -c "create trigger capture after insert or update or delete on $t for each row execute function $fn('q')" >/dev/null
    done
done

# the backend's CPU per row, one psql session per measurement (bench/lib.sh)
measure() { bench_backend_cpu_us "$c_port" "$1" "call public.one_row_transactions($rows);" $((2 * rows)); }

declare -A all best
for round in $(seq 1 "$rounds"); do
    for config in "${configs[@]}"; do
        bench_psql "$c_port" "$config" -q -c "vacuum analyze" -c checkpoint
        us=$(measure "$config")
        echo "round $round $config: $us µs per row"
        all[$config]="${all[$config]:-} $us"
        best[$config]=$(awk -v a="${best[$config]:-1e9}" -v b="$us" 'BEGIN { print (b < a ? b : a) }')
    done
done

out=bench/results/capture-one-row-tx-$(date -u +%Y-%m-%d).md
none=${best[none]}
share() { awk -v a="$1" -v n="$none" 'BEGIN { printf "%.2f", a - n }'; }
{
    echo "# Capture cost per one-row transaction ($(date -u +%Y-%m-%d))"
    echo
    echo "\`bench/run-capture-one-row-tx.sh --rows $rows --rounds $rounds\`: $rows times an INSERT into digoal_01.user_login_rec and an"
    echo "UPDATE of digoal_01.user_session, each committed on its own, in one procedure; the backend's CPU time per row,"
    echo "best of $rounds rounds. PostgreSQL $(bench_psql "$c_port" postgres -At -c 'show server_version'), $(nproc) cores, fsync off."
    echo
    echo "| capture | µs per row, rounds | best | the trigger's share |"
    echo "| --- | --- | ---: | ---: |"
    for config in "${configs[@]}"; do
        echo "| $config | ${all[$config]# } | ${best[$config]} | $(share "${best[$config]}") |"
    done
    for fmt in url json sql; do
        if [ -n "${best[original_$fmt]:-}" ]; then
            awk -v o="$(share "${best[original_$fmt]}")" -v u="$(share "${best[ours_$fmt]}")" -v f="$fmt" \
                'BEGIN { printf "\n%s: ours %.2f µs against the original'"'"'s %.2f µs a row (%.2f×)", f, u, o, u / o }'
        fi
    done
    echo
} >"$out"
cat "$out"
