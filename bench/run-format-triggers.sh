#!/usr/bin/env bash
# Per-row cost of the capture triggers jsontriga / sqltriga (and logutriga): ours (PL/pgSQL, from
# src/PgQ/Sql/pgq) vs the original PgQ 3.5 C triggers (Debian's postgresql-15-pgq3), on a throwaway
# PostgreSQL 15 cluster. One DO block per measurement: 20,000 inserts, then 20,000 updates, in one
# transaction, on a 6-column table; prints wall and CPU µs per row (median of --rounds runs).
#   bench/run-format-triggers.sh [--rounds N] [--rows N]
set -euo pipefail
rounds=3
rows=20000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done

bin=/usr/lib/postgresql/15/bin
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/fmtbench.XXXXXX)
port=$((20000 + RANDOM % 20000))
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off" start >/dev/null
psql=(psql -X -q -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1)

"${psql[@]}" -c "create database ours" -c "create database orig"
# our schema: the files of install.list in order (what SchemaInstaller runs, without its bookkeeping)
{
    echo "create schema pgq; create table pgq.schema_migration (revision int4 primary key, name text not null, applied_at timestamptz not null default now());"
    grep -v '^#' "$repo/src/PgQ/Sql/pgq/install.list" | grep -v '^$' | while read -r f; do cat "$repo/src/PgQ/Sql/pgq/$f"; echo ";"; done
    echo "select pgq.create_queue('q');"
} | "${psql[@]}" ours >/dev/null
"${psql[@]}" orig -c "create extension pgq" -c "select pgq.create_queue('q')" >/dev/null

measure() { # db trigger-function-or-none -> "insert_us update_us insert_cpu_us update_cpu_us"
    # Wall time from clock_timestamp() inside the DO block; CPU time (utime+stime of the server backend,
    # 10 ms ticks) read from /proc around it, which stays meaningful when other work shares the cores.
    local db=$1 fn=$2 trig=""
    [[ $fn != none ]] && trig="create trigger capture after insert or update or delete on bench for each row execute procedure pgq.$fn('q');"
    "${psql[@]}" "$db" -c "drop table if exists bench; create table bench (id int primary key, a int, b text, c timestamptz, d numeric, e text); $trig" >/dev/null 2>&1
    "${psql[@]}" -At "$db" 2>&1 <<SQL | sed -n 's/.*RESULT //p' | tr '\n' ' '
select pg_backend_pid() \g $dir/pid
\! awk '{print \$14+\$15}' /proc/\$(cat $dir/pid)/stat > $dir/cpu0
do \$\$
declare t0 timestamptz;
begin
    t0 := clock_timestamp();
    for i in 1 .. $rows loop
        insert into bench values (i, i, 'text ' || i, '2026-11-24 12:00:00+00', i * 1.5, 'a&b=c');
    end loop;
    raise notice 'RESULT %', round(extract(epoch from clock_timestamp() - t0) * 1e6 / $rows, 1);
end;
\$\$;
\! awk '{print \$14+\$15}' /proc/\$(cat $dir/pid)/stat > $dir/cpu1
do \$\$
declare t0 timestamptz;
begin
    t0 := clock_timestamp();
    for i in 1 .. $rows loop
        update bench set a = a + 1, b = b || 'u' where id = i;
    end loop;
    raise notice 'RESULT %', round(extract(epoch from clock_timestamp() - t0) * 1e6 / $rows, 1);
end;
\$\$;
\! awk '{print \$14+\$15}' /proc/\$(cat $dir/pid)/stat > $dir/cpu2
SQL
    local c0 c1 c2 hz
    c0=$(cat "$dir/cpu0"); c1=$(cat "$dir/cpu1"); c2=$(cat "$dir/cpu2"); hz=$(getconf CLK_TCK)
    echo "$(( (c1 - c0) * 1000000 / hz / rows )) $(( (c2 - c1) * 1000000 / hz / rows ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-22s %12s %12s %12s %12s\n' "trigger" "insert µs" "update µs" "insert CPU µs" "update CPU µs"
for case in "orig none" "orig jsontriga" "ours jsontriga" "orig sqltriga" "ours sqltriga" "orig logutriga" "ours logutriga"; do
    set -- $case
    ins=(); upd=(); cins=(); cupd=()
    for ((r = 0; r < rounds; r++)); do
        read -r i u ci cu < <(measure "$1" "$2")
        ins+=("$i"); upd+=("$u"); cins+=("$ci"); cupd+=("$cu")
    done
    label="$2 ($1)"; [[ $2 == none ]] && label="no trigger"
    printf '%-22s %12s %12s %12s %12s\n' "$label" "$(printf '%s\n' "${ins[@]}" | median)" "$(printf '%s\n' "${upd[@]}" | median)" \
        "$(printf '%s\n' "${cins[@]}" | median)" "$(printf '%s\n' "${cupd[@]}" | median)"
done
