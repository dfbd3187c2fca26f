#!/usr/bin/env bash
# Installs what the tests, the demo and the benchmarks need on a fresh Debian machine:
# PostgreSQL 15 server + pgbench, and the original Skytools packages (for side-by-side
# comparison tests and benchmarks). Does nothing when everything is present.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
need=()
[ -x "$PG_BIN/initdb" ] || need+=(postgresql postgresql-contrib)
[ -x "$PG_BIN/pgbench" ] || need+=(postgresql-contrib)
# The original PgQ/Londiste from Debian, compared against in tests and bench/.
[ -f /usr/share/postgresql/15/extension/pgq.control ] || need+=(postgresql-15-pgq3)
[ -f /usr/share/postgresql/15/extension/pgq_node.control ] || need+=(postgresql-15-pgq-node)
[ -f /usr/share/postgresql/15/extension/londiste.control ] || need+=(postgresql-15-londiste-sql)
[ -x /usr/bin/pgqd ] || need+=(pgqd)
command -v londiste >/dev/null 2>&1 || need+=(python3-londiste)

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
echo "install-prerequisites: installing ${need[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-prerequisites: need root (or sudo) to install ${need[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The tests compare against the original Skytools (e.g. pgqd runs against both pgq schemas), so
# its packages are as necessary as the server.
if ! $sudo apt-get install -y -qq "${need[@]}" >/dev/null; then
    echo "install-prerequisites: could not install ${need[*]} with apt-get; install them (Debian bookworm packages) and run again" >&2
    exit 1
fi
[ -x "$PG_BIN/initdb" ] || { echo "install-prerequisites: $PG_BIN/initdb still missing after install" >&2; exit 1; }
