#!/usr/bin/env bash
# Builds everything (warnings are errors) and leaves runnable `londiste` and `pgqd` in ./artifacts/bin/.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET SDK (dotnet) is not on PATH; install it (https://dot.net) and run again" >&2
    exit 1
fi

dotnet build Londiste.slnx -c Release -nologo -v quiet "$@"
mkdir -p artifacts/bin
# The executables are published for this machine's runtime (framework-dependent) with ReadyToRun code, which
# needs a build for that runtime identifier: hence no --no-build here (see Londiste.Cli.csproj for why).
for project in src/Pgqd/Pgqd.csproj src/Londiste.Cli/Londiste.Cli.csproj; do
    dotnet publish "$project" -c Release -nologo -v quiet --use-current-runtime --self-contained false -o artifacts/bin
done
echo "build.sh: executables in $(pwd)/artifacts/bin: $(cd artifacts/bin && ls pgqd londiste | tr '\n' ' ')"
