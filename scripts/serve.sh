#!/usr/bin/env bash
# Start the demo: the background-task worker and the web server on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py demo_info
$PY manage.py db_worker >var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
$PY manage.py runserver 127.0.0.1:8000
