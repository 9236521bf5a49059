#!/usr/bin/env bash
# `make run`: migrate, then start Redis (unless REDIS_URL is set), one RQ worker,
# the RQ cron scheduler and the web server. Ctrl-C stops what this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
mkdir -p instance
export FLASK_APP=wsgi
BIN=.venv/bin

shutdown() {
  trap - INT TERM EXIT
  say "stopping"
  stop_started
}
trap shutdown INT TERM EXIT

if [ -z "${REDIS_URL:-}" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
      say "redis-server is missing: install it with 'sudo apt-get install redis-server', or set REDIS_URL."
      exit 1
    fi
    need_packages redis-server:redis-server
  fi
  start_private_redis "$PWD/instance/redis"
  export REDIS_URL=$PRIVATE_REDIS_URL
fi

$BIN/flask db upgrade >/dev/null
$BIN/flask users ensure-admin

$BIN/flask worker &
STARTED_PIDS+=($!)
$BIN/flask cron &
STARTED_PIDS+=($!)
port=${PORT:-5000}
# Workers, threads and timeouts: gunicorn.conf.py.
$BIN/gunicorn --bind "127.0.0.1:$port" --access-logfile - --error-logfile - wsgi:app &
STARTED_PIDS+=($!)
say "Mailtrail is running at http://127.0.0.1:$port/ (Ctrl-C stops it)"
wait -n
