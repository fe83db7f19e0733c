#!/usr/bin/env bash
# Starts a hot standby of a running test PostgreSQL (scripts/start-postgres.sh) on
# loopback, streaming from it, and prints its URL.
# Usage: eval "$(scripts/start-postgres-standby.sh PRIMARY_PORT DIR PORT)"   (exports PCGRAPH_TEST_POSTGRES_STANDBY)
set -euo pipefail
primary=${1:?usage: start-postgres-standby.sh PRIMARY_PORT DIR PORT}
dir=${2:?usage: start-postgres-standby.sh PRIMARY_PORT DIR PORT}
port=${3:-54330}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_basebackup" ] || { echo "start-postgres-standby: PostgreSQL is not installed" >&2; exit 1; }
mkdir -p "$dir"
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  # -R writes standby.signal and the primary_conninfo: the copy starts as a hot standby.
  run "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary" -U postgres -D "$dir/data" -R -X stream --checkpoint=fast >"$dir/basebackup.log" 2>&1 \
    || { cat "$dir/basebackup.log" >&2; exit 1; }
fi
if ! run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c hot_standby=on -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
fi
echo "export PCGRAPH_TEST_POSTGRES_STANDBY='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
