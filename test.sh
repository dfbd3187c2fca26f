#!/usr/bin/env bash
# The one test command (README, CI): installs what a fresh machine lacks, builds, runs every test
# against real PostgreSQL clusters that the tests start and stop themselves.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

./scripts/install-prerequisites.sh
./build.sh

# Test assemblies run one after another (each starts its own clusters); inside one assembly
# the test classes run in parallel. --blame-hang makes a stuck test fail instead of hanging CI.
status=0
for project in tests/*.Tests/*.Tests.csproj; do
    echo "== $(basename "$project" .csproj)"
    dotnet test "$project" -c Release --no-build -nologo \
        --logger "console;verbosity=normal" --blame-hang-timeout 10m "$@" || status=1
done
exit $status
