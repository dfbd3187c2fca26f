# Shared helpers for the benchmark parts (bench/parts/*.sh), sourced, not run.
#
#   source "$(dirname "$0")/../lib.sh"
#   bench_init "$@"                    # parses --quick, sets BENCH_QUICK (0/1), BENCH_OUT, BENCH_WORK
#   bench_cluster src -c wal_level=logical   # starts a cluster; sets src_port, src_data, src_conn
#   bench_psql "$src_port" postgres -c "select 1"
#   bench_figure name unit higher|lower OURS '{"londiste3": 1.0}' "detail" ["reason"]
#   bench_write_json part ['["chart.svg"]'] ['["a note"]']
#
# Clusters use the machine's default durability (fsync on, synchronous_commit on) unless a part
# passes other settings, so that figures are comparable with what users run. Everything a part
# starts is stopped on exit (also on INT/TERM) with pg_ctl by its data directory, and its work
# directory under /tmp is removed.

BENCH_PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_CLUSTERS=()
BENCH_FIGURES=()
BENCH_AS_PG=()
if [ "$(id -u)" = 0 ]; then
    BENCH_AS_PG=(runuser -u postgres --)
fi

bench_init() {
    BENCH_QUICK=0
    while [ $# -gt 0 ]; do
        case "$1" in
            --quick) BENCH_QUICK=1; shift ;;
            *) echo "$(basename "$0"): unknown option $1 (use --quick)" >&2; exit 2 ;;
        esac
    done
    if [ -z "${BENCH_OUT:-}" ]; then
        BENCH_OUT=$BENCH_ROOT/bench/results/parts
    fi
    mkdir -p "$BENCH_OUT"
    BENCH_WORK=$(mktemp -d /tmp/londiste-net-bench.XXXXXX)
    chmod 755 "$BENCH_WORK"
    [ ${#BENCH_AS_PG[@]} -gt 0 ] && chown postgres "$BENCH_WORK"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

# Stops every cluster this part started (fast, then immediate if that does not work) and removes
# the work directory. Runs on exit.
bench_cleanup() {
    local data
    for data in "${BENCH_CLUSTERS[@]}"; do
        "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$data" -m fast -t 30 stop >/dev/null 2>&1 \
            || "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    done
    BENCH_CLUSTERS=()
    [ -n "${BENCH_WORK:-}" ] && rm -rf "$BENCH_WORK"
}

bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_cluster NAME [-c setting=value ...]: initdb + start on a free port. Sets NAME_port,
# NAME_data and NAME_conn (a libpq connection string to database postgres as user postgres).
bench_cluster() {
    local name=$1; shift
    local data=$BENCH_WORK/$name port
    port=$(bench_free_port)
    "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    "${BENCH_AS_PG[@]}" "$BENCH_PG_BIN/pg_ctl" -D "$data" -l "$BENCH_WORK/$name.log" -w -t 60 \
        -o "-p $port -k $BENCH_WORK -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=4GB $*" \
        start >/dev/null
    BENCH_CLUSTERS+=("$data")
    printf -v "${name}_port" '%s' "$port"
    printf -v "${name}_data" '%s' "$data"
    printf -v "${name}_conn" '%s' "host=127.0.0.1 port=$port user=postgres dbname=postgres"
}

# bench_psql PORT DB [psql args...]
bench_psql() {
    local port=$1 db=$2; shift 2
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@" "$db"
}

# bench_backend_cpu_us PORT DB SQL ROWS: runs SQL (a statement or a psql \i line) in one session and prints
# the microseconds of that backend's own CPU time (utime + stime from /proc/PID/stat) per row, which
# the machine's other load moves little. The capture benchmarks' measure.
bench_backend_cpu_us() {
    local port=$1 db=$2 sql=$3 rows=$4 pid before after
    coproc PSQL { psql -X -q -At -h 127.0.0.1 -p "$port" -U postgres "$db" 2>&1; }
    echo "select pg_backend_pid();" >&"${PSQL[1]}"
    read -r pid <&"${PSQL[0]}"
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    echo "$sql" >&"${PSQL[1]}"
    echo "select 'done';" >&"${PSQL[1]}"
    read -r _ <&"${PSQL[0]}"
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    exec {PSQL[1]}>&-
    wait "$PSQL_PID" 2>/dev/null || true
    # a tick is 1/CLK_TCK s
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$rows" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }'
}

# bench_figure NAME UNIT BETTER OURS REFERENCES_JSON DETAIL [REASON]
# OURS may be empty (the figure could not be taken; give REASON). REFERENCES_JSON maps reference
# keys (londiste3, native_lr, copy_pipe, none) to numbers or null.
bench_figure() {
    BENCH_FIGURES+=("$(jq -cn --arg name "$1" --arg unit "$2" --arg better "$3" --arg ours "$4" \
        --argjson refs "${5:-{\}}" --arg detail "$6" --arg reason "${7:-}" \
        '{name: $name, unit: $unit, better: $better,
          ours: (if $ours == "" then null else ($ours | tonumber) end),
          references: $refs, detail: $detail,
          reason: (if $reason == "" then null else $reason end)}')")
}

# bench_write_json PART [CHARTS_JSON] [NOTES_JSON]: writes $BENCH_OUT/PART.json.
bench_write_json() {
    local part=$1 charts=${2:-[]} notes=${3:-[]}
    printf '%s\n' "${BENCH_FIGURES[@]}" | jq -s --arg part "$part" --argjson charts "$charts" --argjson notes "$notes" \
        '{part: $part, figures: ., charts: $charts, notes: $notes}' >"$BENCH_OUT/$part.json"
}
