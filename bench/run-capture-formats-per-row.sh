#!/usr/bin/env bash
# CPU cost per captured row in the JSON and SQL formats: the backend's own CPU time (utime + stime
# from /proc/PID/stat) for N single-row UPDATEs of digoal_01.user_session, N single-row INSERTs into
# digoal_01.user_login_rec and N single-row DELETEs from it (each loop in one DO block), on databases
# that differ only in the capture trigger on those tables:
#   none                  no trigger
#   original_json/_sql    the original PgQ 3.5 C pgq.jsontriga / pgq.sqltriga (Debian's
#                         postgresql-15-pgq3), when installed
#   ours_json/_sql        the per-table functions pgq.capture_jsontriga_function /
#                         pgq.capture_sqltriga_function make (what londiste uses for tgflags J / Q)
#   ours_json_generic/_sql_generic   our generic PL/pgSQL pgq.jsontriga / pgq.sqltriga
# CPU time of the one backend is what the trigger costs, whatever else the machine runs (tps moves
# by ±30% on a shared 2-core machine). Rounds alternate the databases; event tables are emptied and
# the written tables vacuumed before each round. The same method as bench/run-capture-per-row.sh
# (urlencoded format). Writes bench/results/capture-formats-per-row-<date>.md.
#   bench/run-capture-formats-per-row.sh [--rows N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=30000
rounds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --rows) rows=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "run-capture-formats-per-row.sh: unknown option $1 (use --rows N, --rounds N)" >&2; exit 2 ;;
    esac
done
source bench/lib.sh
BENCH_OUT=${BENCH_OUT:-bench/results/parts}
bench_init
./build.sh >/dev/null
bench_cluster c

has_original=$(bench_psql "$c_port" postgres -At -c "select count(*) from pg_available_extensions where name = 'pgq'")
configs=(none ours_json ours_sql ours_json_generic ours_sql_generic)
[ "$has_original" = 1 ] && configs+=(original_json original_sql)
tables="digoal_01.user_session digoal_01.user_login_rec"
for config in "${configs[@]}"; do
    bench_psql "$c_port" postgres -c "create database $config" >/dev/null
    bench_psql "$c_port" "$config" -q -f examples/seed/schema.sql
    bench_psql "$c_port" "$config" -q -f examples/seed/data.sql >/dev/null
    case "$config" in
        none) continue ;;
        original_*) bench_psql "$c_port" "$config" -c "create extension pgq" >/dev/null ;;
        *) artifacts/bin/pgqd --install "host=127.0.0.1 port=$c_port user=postgres dbname=$config" >/dev/null ;;
    esac
    bench_psql "$c_port" "$config" -c "select pgq.create_queue('q')" >/dev/null
    case "$config" in *json*) fmt=json ;; *) fmt=sql ;; esac
    for t in $tables; do
        case "$config" in
            ours_json|ours_sql) fn=$(bench_psql "$c_port" "$config" -At -c "select pgq.capture_${fmt}triga_function('$t', '{q}')") ;;
            *) fn=pgq.${fmt}triga ;;
        esac
        bench_psql "$c_port" "$config" -c "create trigger capture after insert or update or delete on $t for each row execute function $fn('q')" >/dev/null
    done
done

# the backend's CPU per row, one psql session per measurement (bench/lib.sh)
measure() { bench_backend_cpu_us "$c_port" "$1" "$2" "$rows"; }
update_loop="do \$\$ begin for i in 1..$rows loop update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid = i; end loop; end \$\$;"
insert_loop="do \$\$ begin for i in 1..$rows loop insert into digoal_01.user_login_rec (userid, login_time, ip) values (i, now(), '127.0.0.1'); end loop; end \$\$;"
# the rows the insert loop just added, one by one by key
delete_loop="do \$\$ declare k bigint; begin for k in select id from digoal_01.user_login_rec order by id desc limit $rows loop delete from digoal_01.user_login_rec where id = k; end loop; end \$\$;"

declare -A upd ins del
for round in $(seq 1 "$rounds"); do
    for config in "${configs[@]}"; do
        if [ "$config" != none ]; then
            bench_psql "$c_port" "$config" -c "select pgq.maint_rotate_tables_step1('q')" \
                -c "do \$\$ declare t text; begin for t in select c.oid::regclass::text from pg_class c where c.relname ~ '^event_[0-9]+_[0-9]+\$' and c.relnamespace = 'pgq'::regnamespace loop execute 'truncate ' || t; end loop; end \$\$" >/dev/null
        fi
        bench_psql "$c_port" "$config" -c "vacuum full digoal_01.user_session" -c "vacuum full digoal_01.user_login_rec" -c checkpoint >/dev/null
        u=$(measure "$config" "$update_loop")
        i=$(measure "$config" "$insert_loop")
        d=$(measure "$config" "$delete_loop")
        echo "round $round $config: update $u, insert $i, delete $d µs/row"
        upd[$config]="${upd[$config]:-} $u"
        ins[$config]="${ins[$config]:-} $i"
        del[$config]="${del[$config]:-} $d"
    done
done

median() { echo "$1" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
out=bench/results/capture-formats-per-row-$(date -u +%Y-%m-%d).md
{
    echo "# CPU per captured row, JSON and SQL formats ($(date -u +%Y-%m-%d))"
    echo
    echo "\`bench/run-capture-formats-per-row.sh --rows $rows --rounds $rounds\`: backend CPU time (utime + stime) for $rows single-row"
    echo "UPDATEs of digoal_01.user_session, INSERTs into digoal_01.user_login_rec and DELETEs from it, one DO block each;"
    echo "PostgreSQL $(bench_psql "$c_port" postgres -At -c 'show server_version'), $(nproc) cores. Median of $rounds rounds."
    echo "\"trigger\" is the row's cost minus the same change without a trigger."
    echo
    echo "| capture | update µs/row | trigger µs | insert µs/row | trigger µs | delete µs/row | trigger µs | rounds (update / insert / delete) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    base_u=$(median "${upd[none]}")
    base_i=$(median "${ins[none]}")
    base_d=$(median "${del[none]}")
    for config in "${configs[@]}"; do
        mu=$(median "${upd[$config]}")
        mi=$(median "${ins[$config]}")
        md=$(median "${del[$config]}")
        tu=$(awk -v a="$mu" -v b="$base_u" 'BEGIN { printf "%.2f", a - b }')
        ti=$(awk -v a="$mi" -v b="$base_i" 'BEGIN { printf "%.2f", a - b }')
        td=$(awk -v a="$md" -v b="$base_d" 'BEGIN { printf "%.2f", a - b }')
        echo "| $config | $mu | $tu | $mi | $ti | $md | $td |${upd[$config]} /${ins[$config]} /${del[$config]} |"
    done
} >"$out"
cat "$out"
