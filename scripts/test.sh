#!/usr/bin/env bash
# The whole suite: static checks, then every test (browser tests included) on the configured database.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
echo "== ruff"; $PY -m ruff check .
echo "== migrations"; $PY manage.py makemigrations --check --dry-run >/dev/null
echo "== import contracts"; .venv/bin/lint-imports --no-cache >/dev/null
echo "== mypy"; $PY -m mypy yishi
echo "== tests (${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite})"
workers=${YISHI_TEST_WORKERS:-2}
$PY -m pytest -n "$workers" -q -p no:cacheprovider "$@"
