#!/usr/bin/env bash
# `make run-prod`: the production shape on this machine's loopback — gunicorn with several sync
# workers behind no proxy, PostgreSQL, Redis as the Celery broker, a Celery worker and Celery
# beat, production settings (DEBUG off, secrets required). It uses the PostgreSQL and Redis
# servers already listening on 127.0.0.1 (see docs/deployment.md for a real server, with the
# systemd units and the nginx site in deploy/). Ctrl-C stops every process it started.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
WORKERS=${WEB_WORKERS:-$(( $(nproc) * 2 + 1 ))}
export EDUGUARD_DATA_DIR=${EDUGUARD_DATA_DIR:-$PWD/var/prod}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/eduguard_prod}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
export DEBUG=0 EDUGUARD_REQUIRE_SECRETS=1
mkdir -p "$EDUGUARD_DATA_DIR"

# Secrets: generated once into the data directory when the environment does not give them.
secrets="$EDUGUARD_DATA_DIR/secrets.env"
if [ ! -f "$secrets" ]; then
  umask 077
  printf 'SECRET_KEY=%s\nEDUGUARD_FIELD_KEY=%s\n' \
    "$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    "$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(32))')" > "$secrets"
fi
set -a; . "$secrets"; set +a

$BIN/python - <<'PY'
import os, sys
import psycopg, redis
url = os.environ["DATABASE_URL"]
name = url.rsplit("/", 1)[1]
try:
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"], socket_connect_timeout=3).ping()
except Exception as exc:  # noqa: BLE001
    sys.exit(f"run-prod needs PostgreSQL and Redis on loopback: {exc}")
PY

$BIN/eduguard demo --no-serve --port "$PORT"
$BIN/python manage.py collectstatic --noinput -v 0

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
# Two workers, as on a server (docs/deployment.md): the time-critical queues, and the long imports.
$BIN/celery -A eduguard worker -n work@%h -Q reminders,notify,briefing,maintenance -c 2 \
  --loglevel=warning --without-gossip --without-mingle &
pids+=($!)
$BIN/celery -A eduguard worker -n imports@%h -Q imports -c 1 --loglevel=warning --without-gossip --without-mingle &
pids+=($!)
$BIN/celery -A eduguard beat --loglevel=warning --schedule "$EDUGUARD_DATA_DIR/celerybeat-schedule" &
pids+=($!)
$BIN/gunicorn -w "$WORKERS" -b "127.0.0.1:$PORT" --access-logfile - eduguard.wsgi &
pids+=($!)
echo "EduGuard (production shape): http://127.0.0.1:$PORT/  — $WORKERS web workers, two Celery workers and beat"
wait -n "${pids[@]}"
