"""Helpers shared by the benchmarks: a scratch database, interleaved timing reported as ratios, and views.

A benchmark script looks like this:

    import common

    def main() -> None:
        args = common.arguments("what this measures")
        with common.scratch_django(args.database):
            from yishi.places.models import Place   # import models only once Django is set up
            ...
            result = common.compare("pk lookup", lookup, "subtree", subtree)
            common.report("place_subtree", args.database, [result], notes={...})

    if __name__ == "__main__":
        main()

Results are ratios of two operations timed side by side in one run, never absolute timings: the
machines that run benchmarks differ and are shared, so only a ratio measured under the same load
means anything.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def arguments(description: str) -> argparse.Namespace:
    """The command line every benchmark accepts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (default 9)")
    parser.add_argument("--quick", action="store_true", help="a smaller data set, for trying the script out")
    return parser.parse_args()


# ---------------------------------------------------------------------------------------------
# A scratch database


def _server_url() -> str:
    """The PostgreSQL server to use: DATABASE_URL's server, or the local default."""
    return os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES


def _with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/" + name))


@contextmanager
def _scratch_postgres() -> Iterator[str]:
    """Create an empty PostgreSQL database on the server and drop it afterwards; yields its URL."""
    import psycopg

    server = _server_url()
    name = f"yishi_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = _with_database(server, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        # The server's default collation, as `createdb` for a deployment would give.
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_django(database: str) -> Iterator[None]:
    """Set Django up against an empty, migrated scratch database (a temporary SQLite file or a new
    PostgreSQL database) and remove it afterwards. Import models only inside this block."""
    var_dir = Path(tempfile.mkdtemp(prefix="yishi-bench-"))
    os.environ["YISHI_VAR_DIR"] = str(var_dir)
    # Settings of a production-like process: no query log (DEBUG keeps every SQL statement in memory).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + uuid.uuid4().hex)
    os.environ["DJANGO_SETTINGS_MODULE"] = "yishi.settings"
    server_url = os.environ.pop("DATABASE_URL", None)
    try:
        if database == "postgres":
            if server_url:
                os.environ["DATABASE_URL"] = server_url
            with _scratch_postgres() as url:
                os.environ["DATABASE_URL"] = url
                yield from _django(var_dir)
        else:
            yield from _django(var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        if server_url is not None:
            os.environ["DATABASE_URL"] = server_url


def _django(var_dir: Path) -> Iterator[None]:
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    try:
        yield
    finally:
        connections.close_all()


def vendor() -> str:
    """The database and its version, for the report."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return "SQLite " + ".".join(str(part) for part in connection.Database.sqlite_version_info)
    version = connection.pg_version  # e.g. 150020
    return f"PostgreSQL {version // 10000}.{version % 10000}"


# ---------------------------------------------------------------------------------------------
# Timing: two callables interleaved, reported as the median ratio


@dataclass(frozen=True)
class Comparison:
    """`candidate` took `median` times as long as `baseline` (median over interleaved rounds)."""

    baseline: str
    candidate: str
    median: float
    low: float
    high: float
    rounds: int
    calls_per_round: int

    def line(self) -> str:
        return (
            f"{self.candidate} / {self.baseline}: {self.median:,.1f}× "
            f"(median of {self.rounds} rounds, range {self.low:,.1f}–{self.high:,.1f}×, "
            f"{self.calls_per_round} calls each)"
        )


def _calls_for(function: Callable[[], object], *, target_seconds: float = 0.05) -> int:
    """How many calls take about `target_seconds`, so that timer resolution does not matter."""
    calls = 1
    while True:
        started = time.perf_counter()
        for _ in range(calls):
            function()
        elapsed = time.perf_counter() - started
        if elapsed >= target_seconds or calls >= 1_000_000:
            return calls
        calls = max(calls * 2, int(calls * target_seconds / max(elapsed, 1e-9)))


def _time(function: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - started) / calls


def compare(
    baseline_name: str,
    baseline: Callable[[], object],
    candidate_name: str,
    candidate: Callable[[], object],
    *,
    rounds: int = 9,
) -> Comparison:
    """Time `baseline` and `candidate` in alternating order for `rounds` rounds; the ratio candidate/baseline.

    Each round times both under the same conditions (caches, load of a shared machine), and the
    order alternates so that neither always runs first; the median ratio is robust to a noisy round.
    """
    baseline()
    candidate()  # warm caches and connections
    baseline_calls = _calls_for(baseline)
    candidate_calls = _calls_for(candidate)
    ratios = []
    for index in range(rounds):
        if index % 2 == 0:
            first = _time(baseline, baseline_calls)
            second = _time(candidate, candidate_calls)
            ratios.append(second / first)
        else:
            second = _time(candidate, candidate_calls)
            first = _time(baseline, baseline_calls)
            ratios.append(second / first)
    return Comparison(
        baseline=baseline_name,
        candidate=candidate_name,
        median=statistics.median(ratios),
        low=min(ratios),
        high=max(ratios),
        rounds=rounds,
        calls_per_round=min(baseline_calls, candidate_calls),
    )


def report(name: str, database: str, comparisons: list[Comparison], *, notes: dict[str, Any] | None = None) -> None:
    """Print the ratios and keep them in bench/results/<name>-<database>.json (not committed)."""
    print(f"\n{name} [{database}: {vendor()}]")
    for comparison in comparisons:
        print("  " + comparison.line())
    for key, value in (notes or {}).items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        print(f"  {key}:")
        for line in str(text).splitlines():
            print(f"    {line}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}-{database}.json").write_text(
        json.dumps(
            {"benchmark": name, "database": database, "comparisons": [asdict(item) for item in comparisons]}
            | ({"notes": notes} if notes else {}),
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )


# ---------------------------------------------------------------------------------------------
# Views: through the test client, or through a real HTTP server


def client(user: Any = None) -> Any:
    """A django.test.Client, signed in as `user` when given (no password needed)."""
    from django.test import Client

    test_client = Client(raise_request_exception=True)
    if user is not None:
        test_client.force_login(user)
    return test_client


def get(test_client: Any, path: str, *, status: int = 200) -> bytes:
    """GET a page through the client and check its status."""
    response = test_client.get(path)
    if response.status_code != status:
        raise AssertionError(f"GET {path}: {response.status_code}, expected {status}")
    return bytes(response.content)


@contextmanager
def live_server(host: str = "127.0.0.1") -> Iterator[str]:
    """A threaded Django server on a free port (as LiveServerTestCase runs it); yields its base URL.

    It shares the scratch database, so rows written by the benchmark are visible to its requests.
    """
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    thread = LiveServerThread(host, _StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://{host}:{thread.port}"
    finally:
        thread.terminate()


def fetch(url: str) -> bytes:
    """GET a URL of the live server (the benchmark's own server on 127.0.0.1, never the network)."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return bytes(response.read())
