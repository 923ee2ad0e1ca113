#!/usr/bin/env bash
# Run the benchmarks: every bench/*.py script (or those named), on SQLite and, when DATABASE_URL is set
# or --postgres is given, on PostgreSQL too. Each script makes and removes its own scratch database.
#
#   bash bench/run.sh                      # all benchmarks on SQLite (and PostgreSQL if DATABASE_URL is set)
#   bash bench/run.sh --postgres           # also on the local PostgreSQL (postgres://postgres@127.0.0.1:5432)
#   bash bench/run.sh place_subtree        # one benchmark
#   bash bench/run.sh --quick              # smaller data sets, to try a script out
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
databases=(sqlite)
[ -n "${DATABASE_URL:-}" ] && databases+=(postgres)
names=()
extra=()
for arg in "$@"; do
  case "$arg" in
    --postgres) [[ " ${databases[*]} " == *" postgres "* ]] || databases+=(postgres) ;;
    --quick | --rounds=*) extra+=("${arg%%=*}"); [[ "$arg" == *=* ]] && extra+=("${arg#*=}") ;;
    -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
    *) names+=("${arg%.py}") ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for script in bench/*.py; do
    name=$(basename "$script" .py)
    [ "$name" = common ] || names+=("$name")
  done
fi
status=0
for name in "${names[@]}"; do
  for database in "${databases[@]}"; do
    echo "== $name on $database"
    if ! $PY "bench/$name.py" --database "$database" "${extra[@]}"; then
      echo "!! $name failed on $database" >&2
      status=1
    fi
  done
done
exit $status
