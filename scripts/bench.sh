#!/usr/bin/env bash
# `make bench`: start what the benchmarks need that is not running, then run them.
#   scripts/bench.sh                          sync benchmark at 10,000 and 50,000 messages on SQLite
#   scripts/bench.sh --sizes 10000 --database postgres --profile
# Arguments go to `python -m bench.run` (see bench/run.py and bench/sync_bench.py).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh

need_packages redis-server:redis-server /usr/sbin/dovecot:dovecot-imapd mbsync:isync
workdir=$(mktemp -d /tmp/mailtrail-bench-services.XXXXXX)
trap 'stop_started; rm -rf "$workdir"' EXIT

export BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
if ! redis_answers "$BENCH_REDIS_URL"; then
  say "no Redis at $BENCH_REDIS_URL: starting a private one"
  start_private_redis "$workdir/redis"
  export BENCH_REDIS_URL="$PRIVATE_REDIS_URL?db=14"
fi
for arg in "$@"; do
  if [ "$arg" = postgres ] || [ "$arg" = --database=postgres ] || [ "$arg" = both ] || [ "$arg" = --database=both ]; then
    export BENCH_POSTGRES_URL=${BENCH_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432}
    ensure_postgres "$BENCH_POSTGRES_URL/postgres"
  fi
done

.venv/bin/python -m bench.run "$@"
