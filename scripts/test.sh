#!/usr/bin/env bash
# `make test`: start what the tests need and run the whole suite on SQLite, then on PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap stop_started EXIT

need_packages redis-server:redis-server /usr/sbin/dovecot:dovecot-imapd chromium:chromium \
  chromedriver:chromium-driver openssl:openssl
workdir=$(mktemp -d /tmp/mailtrail-test.XXXXXX)

export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
if ! redis_answers "$TEST_REDIS_URL"; then
  say "no Redis at $TEST_REDIS_URL: starting a private one"
  start_private_redis "$workdir/redis"
  export TEST_REDIS_URL="$PRIVATE_REDIS_URL?db=15"
fi
export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
ensure_postgres "$TEST_POSTGRES_URL"

status=0
for backend in sqlite postgres; do
  echo "=== test suite on $backend ==="
  MAILTRAIL_TEST_DB=$backend .venv/bin/python -m pytest -p no:cacheprovider "$@" || status=1
done
rm -rf "$workdir"
exit $status
