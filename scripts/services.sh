#!/usr/bin/env bash
# Helpers for run.sh and test.sh: install missing Debian packages (as root) and
# start the services that are not running, on loopback only. Each started
# service is recorded in STARTED_PIDS so the caller stops only what it started.
STARTED_PIDS=()

say() { echo "mailtrail: $*" >&2; }

need_packages() {
  # need_packages CMD:PACKAGE ... installs the package of each missing command.
  local missing=() item cmd pkg
  for item in "$@"; do
    cmd=${item%%:*}; pkg=${item#*:}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${missing[*]}: install with 'sudo apt-get install -y ${missing[*]}' and run again."
    exit 1
  fi
  say "installing ${missing[*]} with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null || {
      say "apt-get could not install ${missing[*]}"; exit 1; }
  }
}

redis_answers() { # redis_answers URL
  "$(dirname "${BASH_SOURCE[0]}")/../.venv/bin/python" - "$1" <<'PY' >/dev/null 2>&1
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()
PY
}

start_private_redis() { # start_private_redis DIR: sets PRIVATE_REDIS_URL to its unix socket
  local dir=$1
  mkdir -p "$dir"
  rm -f "$dir/redis.sock"
  redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --dir "$dir" \
    --save "" --appendonly no --logfile "$dir/redis.log" --daemonize no </dev/null >/dev/null 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 1 50); do [ -S "$dir/redis.sock" ] && break; sleep 0.1; done
  [ -S "$dir/redis.sock" ] || { say "redis-server did not start (see $dir/redis.log)"; exit 1; }
  PRIVATE_REDIS_URL="unix://$dir/redis.sock"
}

postgres_answers() { # postgres_answers URL
  "$(dirname "${BASH_SOURCE[0]}")/../.venv/bin/python" - "$1" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgresql+psycopg://", "postgresql://"), connect_timeout=2).close()
PY
}

ensure_postgres() { # ensure_postgres URL: start the machine's cluster, or install one, until URL answers
  local url=$1
  postgres_answers "$url" && return 0
  need_packages pg_ctlcluster:postgresql
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  if [ -z "$version" ]; then say "no PostgreSQL cluster found"; exit 1; fi
  if [ "$(id -u)" -ne 0 ]; then say "PostgreSQL is not running: start it with 'sudo pg_ctlcluster $version main start'"; exit 1; fi
  say "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  PG_STARTED="$version"
  for _ in $(seq 1 50); do postgres_answers "$url" && return 0; sleep 0.2; done
  # A fresh cluster accepts local socket logins only: give the test role access over loopback.
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD NULL\"" >/dev/null 2>&1 || true
  local hba
  hba=$(su postgres -c "psql -tAc 'SHOW hba_file'" 2>/dev/null)
  if [ -n "$hba" ] && ! grep -q "mailtrail-test" "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust # mailtrail-test' "$hba"
    su postgres -c "psql -qc 'SELECT pg_reload_conf()'" >/dev/null
  fi
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='test'\" | grep -q 1 || createdb test" >/dev/null 2>&1
  for _ in $(seq 1 50); do postgres_answers "$url" && return 0; sleep 0.2; done
  say "PostgreSQL does not answer at $url"; exit 1
}

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${PG_STARTED:-}" ]; then pg_ctlcluster --skip-systemctl-redirect "$PG_STARTED" main stop >/dev/null 2>&1 || true; fi
}
