#!/usr/bin/env bash
# Capture-trigger overhead on the seed workload: the seed's login.sql and logout.sql run at once
# (2 pgbench clients each, prepared statements) on one throwaway cluster, against databases that
# differ only in the capture triggers on the four seed tables:
#   none               no trigger (the baseline)
#   original_logutriga the original PgQ 3.5 C trigger (Debian's postgresql-15-pgq3), when installed
#   original_jsontriga, original_sqltriga   its other formats
#   ours_logutriga     our generic PL/pgSQL pgq.logutriga
#   ours_fast          the per-table function pgq.capture_trigger_function makes (what londiste uses)
#   ours_jsontriga, ours_sqltriga           our other formats, when this build has them
#   ours_jsontriga_fast, ours_sqltriga_fast the per-table functions pgq.capture_jsontriga_function /
#                      pgq.capture_sqltriga_function make (what londiste uses for tgflags J / Q)
# Rounds alternate between the databases so that drift of the machine hits all alike. Writes
# bench/results/capture-overhead.md.
#   bench/run-capture.sh [--seconds N] [--rounds N] [--only a,b,...] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=15
rounds=2
only=""
out=bench/results/capture-overhead.md
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "run-capture.sh: unknown option $1 (use --seconds N, --rounds N, --only a,b, --out FILE)" >&2; exit 2 ;;
    esac
done

./build.sh >/dev/null
pgqd=artifacts/bin/pgqd
# Clusters, cleanup and the seed load come from the benchmark parts' helpers (bench/lib.sh,
# bench/lib-replica.sh); bench/parts/provider_tps.sh measures the issue 6 figure the same way.
BENCH_OUT=$(mktemp -d /tmp/londiste-net-bench-capture.XXXXXX)
source bench/lib.sh
bench_init
source bench/lib-replica.sh
trap 'br_cleanup; rm -rf "$BENCH_OUT"' EXIT
bench_cluster capture
port=$capture_port
psql_() { bench_psql "$port" "${@: -1}" "${@:1:$#-1}"; }
has_original=$(psql_ -At -c "select count(*) from pg_available_extensions where name = 'pgq'" postgres)

configs=(none ours_logutriga ours_fast)
[ "$has_original" = 1 ] && configs+=(original_logutriga original_jsontriga original_sqltriga)
configs+=(ours_jsontriga ours_sqltriga ours_jsontriga_fast ours_sqltriga_fast)
if [ -n "$only" ]; then
    IFS=, read -r -a configs <<<"$only"
fi

tables="digoal_01.user_info digoal_01.user_session digoal_01.user_login_rec digoal_01.user_logout_rec"
prepared=()
for config in "${configs[@]}"; do
    psql_ -c "create database $config" postgres
    psql_ -f examples/seed/schema.sql "$config"
    psql_ -f examples/seed/data.sql "$config"
    case "$config" in
        none) ;;
        original_*) psql_ -c "create extension pgq" -c "select pgq.create_queue('q')" "$config" >/dev/null ;;
        ours_*) "$pgqd" --install "host=127.0.0.1 port=$port user=postgres dbname=$config" >/dev/null 2>&1
                psql_ -c "select pgq.create_queue('q')" "$config" >/dev/null ;;
    esac
    function_for() {
        case "$config" in
            *_logutriga) echo "pgq.logutriga" ;;
            *_jsontriga) echo "pgq.jsontriga" ;;
            *_sqltriga) echo "pgq.sqltriga" ;;
            ours_fast) psql_ -At -c "select pgq.capture_trigger_function('$1', '{q}')" "$config" ;;
            ours_jsontriga_fast|ours_sqltriga_fast)
                # the generator's name stands for "not in this build" (the to_regproc check below)
                gen=pgq.capture_${config#ours_}; gen=${gen%_fast}_function
                if [ "$(psql_ -At -c "select to_regproc('$gen') is not null" "$config")" = t ]; then
                    psql_ -At -c "select $gen('$1', '{q}')" "$config"
                else
                    echo "$gen"
                fi ;;
        esac
    }
    if [ "$config" != none ]; then
        fn=$(function_for digoal_01.user_info)
        if [ "$(psql_ -At -c "select to_regproc('$fn') is not null" "$config")" != t ]; then
            echo "run-capture.sh: $config skipped: $fn does not exist in this build" >&2
            psql_ -c "drop database $config" postgres
            continue
        fi
        for t in $tables; do
            fn=$(function_for "$t")
            psql_ -c "create trigger capture after insert or update or delete on $t for each row execute procedure $fn('q')" "$config"
        done
    fi
    prepared+=("$config")
done

declare -A total
for config in "${prepared[@]}"; do total[$config]=""; done
for round in $(seq 1 "$rounds"); do
    for config in "${prepared[@]}"; do
        psql_ -c "vacuum analyze" -c checkpoint "$config"
        tps=$(br_seed_load "$port" "$config" -T "$seconds")
        echo "round $round $config: $tps tps"
        total[$config]="${total[$config]} $tps"
    done
done

mean() { echo "$1" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.0f", s / NF }'; }
none_tps=$(mean "${total[none]:-0}")
{
    echo "# Capture-trigger overhead on the seed workload ($(date -u +%Y-%m-%d))"
    echo
    echo "\`bench/run-capture.sh --seconds $seconds --rounds $rounds${only:+ --only $only}\`: examples/seed/login.sql and logout.sql at once"
    echo "(2 pgbench clients each, -M prepared) for $seconds s per round, $rounds rounds alternating between databases;"
    echo "PostgreSQL $(psql_ -At -c 'show server_version' postgres), $(nproc) cores, default durability, one cluster."
    echo "Triggers: \`after insert or update or delete ... for each row\` on the four seed tables (3 events per pair of transactions)."
    echo
    echo "| capture | tps per round | mean tps | vs no trigger |"
    echo "| --- | --- | ---: | ---: |"
    for config in "${prepared[@]}"; do
        m=$(mean "${total[$config]}")
        ratio=$(awk -v m="$m" -v n="$none_tps" 'BEGIN { if (n > 0) printf "%.2f×", m / n; else print "—" }')
        echo "| $config | ${total[$config]# } | $m | $ratio |"
    done
} >"$out"
cat "$out"
