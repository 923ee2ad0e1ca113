#!/usr/bin/env bash
# Start the demo: print the sign-ins, then run the background-task worker and the web server on
# 127.0.0.1:8000 until Ctrl-C (or SIGTERM), which stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
log_dir=${YISHI_VAR_DIR:-var}
mkdir -p "$log_dir"
$PY manage.py demo_info
$PY manage.py db_worker >"$log_dir/worker.log" 2>&1 &
worker=$!
$PY manage.py runserver 127.0.0.1:8000 &
server=$!
stop() {
  trap - INT TERM EXIT
  kill "$server" "$worker" 2>/dev/null || true
  wait "$server" "$worker" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT
echo "Background worker log: $log_dir/worker.log"
# Returns when the server stops (or a signal arrives); the EXIT trap then stops the worker.
wait "$server"
