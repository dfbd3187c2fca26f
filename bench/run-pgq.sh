#!/usr/bin/env bash
# PgQ throughput benchmark: ours vs the original PgQ extension (when installed), 1, 4 and 16
# producers. Builds in Release and runs against a throwaway cluster on 127.0.0.1 that the benchmark
# starts and stops with pg_ctl itself (also on Ctrl-C). Figures go to bench/results/pgq-throughput.md.
#   bench/run-pgq.sh [--seconds N] [--producers 1,4,16] [--profile] [--skip-original] ...
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build bench/PgQ.Bench/PgQ.Bench.csproj -c Release -nologo -v quiet
dll=bench/PgQ.Bench/bin/Release/net10.0/PgQ.Bench.dll

# Run the benchmark directly (not through `dotnet run`) in the background and pass a Ctrl-C or a
# TERM on as TERM (a background job of a script ignores SIGINT); the benchmark then stops its
# cluster with pg_ctl, removes it and exits.
dotnet "$dll" --output bench/results/pgq-throughput.md "$@" &
bench=$!
trap 'kill -TERM "$bench" 2>/dev/null || true' INT TERM
status=0
wait "$bench" || status=$?
# A trapped signal interrupts the first wait; wait again for the benchmark to finish cleaning up.
while kill -0 "$bench" 2>/dev/null; do
    wait "$bench" || status=$?
done
exit "$status"
