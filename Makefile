# Yishi — the README names these targets. `make demo` and `make test` work on a fresh machine.
.PHONY: setup demo serve worker test test-fast lint format typecheck contracts messages messages-compile lock bench

PY := .venv/bin/python

setup:
	bash scripts/setup.sh

demo: setup
	$(PY) manage.py seed_demo --if-empty
	bash scripts/serve.sh

serve:
	bash scripts/serve.sh

worker:
	$(PY) manage.py db_worker

test: setup
	bash scripts/test.sh

test-fast:
	$(PY) -m pytest -m "not browser" -q

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

typecheck:
	$(PY) -m mypy yishi

contracts:
	.venv/bin/lint-imports

messages:
	bash scripts/messages.sh

messages-compile:
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var

lock:
	.venv/bin/pip install -q -r requirements.in
	(echo "# Pinned by \`make lock\` from requirements.in. Install with: pip install -r requirements.lock"; .venv/bin/pip freeze --exclude-editable) > requirements.lock

bench: setup
	bash bench/run.sh
