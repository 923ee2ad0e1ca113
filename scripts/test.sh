#!/usr/bin/env bash
# The whole suite: static checks, then every test on the configured database (SQLite, or PostgreSQL
# when DATABASE_URL is set): the tests without a browser in parallel (pytest-xdist), then the browser
# tests one at a time, since each drives its own Chromium against its own live server and a small
# machine running two at once times out.
# YISHI_TESTS_ONLY=1 skips the static checks (CI runs them once, then the tests on each database);
# YISHI_TEST_WORKERS sets the number of parallel workers (default 2); arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

quiet() {
  # Run a check; show its output only when it fails.
  local output
  if ! output=$("$@" 2>&1); then
    echo "$output"
    return 1
  fi
}

tests() {
  # pytest, where "no tests selected" (exit status 5) is not a failure: arguments may name only one kind.
  local status=0
  $PY -m pytest -q -p no:cacheprovider "$@" || status=$?
  [ "$status" -eq 0 ] || [ "$status" -eq 5 ]
}

if [ -z "${YISHI_TESTS_ONLY:-}" ]; then
  echo "== ruff"; $PY -m ruff check .
  echo "== migrations"; quiet $PY manage.py makemigrations --check --dry-run
  echo "== import contracts"; quiet .venv/bin/lint-imports --no-cache
  echo "== mypy"; $PY -m mypy yishi
fi
database=SQLite
[ -n "${DATABASE_URL:-}" ] && database=PostgreSQL
workers=${YISHI_TEST_WORKERS:-2}
failed=0
echo "== tests on $database without a browser, $workers workers"
tests -n "$workers" -m "not browser" "$@" || failed=1
echo "== browser tests on $database"
tests -p no:xdist -m browser "$@" || failed=1
exit $failed
