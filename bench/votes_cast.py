"""Casting ballots over HTTP with 32 concurrent clients, against raw inserts of the same durability.

A compound's online vote with a roll of a few thousand residents, each signed in with a session of their own.
A separate server process (Django's WSGI application in a `wsgiref` server with a fixed pool of 32 worker
threads that keep their database connections, as a production server runs it; DEBUG off) serves the API on the
scratch database; 32 client threads in this process each POST /api/decisions/votes/{id}/cast for their share
of the residents of a round (a fresh Idempotency-Key each, session cookie and CSRF token as a browser sends
them). Everything a ballot does is in that time: authentication, the vote's state under its shared lock, the
roll lookup, the unique ballot row, the submission row for idempotency and the audit record, one transaction.

Baseline: the same number of rows INSERTed by 32 threads (each keeping its connection, as the server's workers do)
into a table of the same shape (a unique roll entry, the choice), each row in its own committed transaction on the
same database — the same durability, nothing else.

Reported: for each round, the wall time of the HTTP batch divided by that of the raw batch. To see whether casting
serialises, each round also casts another batch over HTTP from one client at a time and inserts another batch from
one thread: the wall time with 32 clients (threads) divided by that with one. Below 1, concurrency helps; near 1,
the work runs one at a time; above 1, concurrency costs. Because 32 threads inserting into SQLite contend for its
lock, the HTTP batch is also divided by the one-thread raw batch. The four batches of a round run in alternating
order.
"""

import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import common

CLIENTS = 32


def build(voters: int) -> tuple[Any, list[tuple[int, str]]]:
    """The vote, and (roll entry id, session key) for each voter in roll order."""
    import datetime

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, transaction
    from django.utils import timezone

    from yishi.accounts.models import User
    from yishi.audit.actions import Actor
    from yishi.decisions import actions
    from yishi.decisions.models import RollEntry
    from yishi.people.models import Person, RoleAssignment
    from yishi.places.domain.tree import child_path
    from yishi.places.models import Place

    def place(parent: Place | None, kind: str, name: str) -> Place:
        node = Place.objects.create(
            kind=kind, name=name, parent=parent, depth=parent.depth + 1 if parent else 0, path=f"tmp-{name}"
        )
        node.path = child_path(parent_path=parent.path if parent else "/", node_id=node.pk)
        node.save(update_fields=["path"])
        return node

    with transaction.atomic():
        community = place(place(place(None, "district", "示范区"), "street", "东湖街道"), "community", "幸福社区")
        compound = place(community, "compound", "阳光小区")
        building = place(compound, "building", "1号楼")
        Place.objects.bulk_create(
            [
                Place(kind="unit", name=f"{index:04d}", parent=building, depth=building.depth + 1, path=f"tmp-u{index}")
                for index in range(voters // 2 + 1)
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE places_place SET path = %s || CAST(id AS TEXT) || '/' WHERE parent_id = %s",
                [building.path, building.pk],
            )
        units = list(Place.objects.filter(parent=building).values_list("id", flat=True))
        people = Person.objects.bulk_create(
            [
                Person(name=f"居民{index:05d}", home_id=units[index // 2], birth_date=datetime.date(1980, 1, 1))
                for index in range(voters)
            ],
            batch_size=2000,
        )
        users = User.objects.bulk_create(
            [User(username=f"r{person.pk}", person=person) for person in people], batch_size=2000
        )
        director = Person.objects.create(name="李主任", home=community)
        RoleAssignment.objects.create(
            person=director, role="committee_member", place=community, starts_on=datetime.date(2020, 1, 1)
        )
        staff = User.objects.create_user(username="bench-director", password=None, person=director)
        now = timezone.now()
        vote = actions.create_vote(
            actor=Actor(user=staff, acting_role="committee_member"),
            draft=actions.VoteDraft(
                title="加装充电桩",
                question="是否同意加装充电桩？",
                place=compound,
                basis="online",
                opens_at=now - datetime.timedelta(minutes=1),
                closes_at=now + datetime.timedelta(days=1),
                settings=actions.VoteSettings(
                    online_electorate="adults", threshold=actions.RuleFraction(1, 2, inclusive=False)
                ),
            ),
        )
        vote = actions.open_vote(actor=Actor(user=staff, acting_role="committee_member"), vote=vote)
    sessions: dict[int, str] = {}
    for user in User.objects.filter(pk__in=[user.pk for user in users]).select_related("person"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.person_id] = store.session_key
    entries = RollEntry.objects.filter(vote=vote).order_by("number").values_list("id", "person_id")
    return vote, [(entry_id, sessions[person_id]) for entry_id, person_id in entries]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# A WSGI server in its own process, as a production server runs Django: a fixed pool of worker threads (one per
# client here), each keeping its database connection between requests (CONN_MAX_AGE), a listen backlog that holds
# 32 clients connecting at once, and no request log. (runserver starts a thread per request instead, whose
# persistent connections are left behind with their threads: PostgreSQL soon refuses more clients.)
SERVER = """
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django

django.setup()
from django.core.wsgi import get_wsgi_application


class Server(WSGIServer):
    request_queue_size = 256
    workers = ThreadPoolExecutor(max_workers=int(sys.argv[2]))

    def process_request(self, request, client_address):
        self.workers.submit(self.work, request, client_address)

    def work(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), server_class=Server, handler_class=Quiet)
server.serve_forever()
"""


def start_server(port: int, vote_id: int, log: Path) -> subprocess.Popen[bytes]:
    """Start the server process; its errors (tracebacks of failed requests) go to `log`."""
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(port), str(CLIENTS)],
            cwd=common.ROOT,
            env=dict(os.environ, PYTHONPATH=str(common.ROOT)),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            common.fetch(f"http://127.0.0.1:{port}/api/decisions/votes/{vote_id}")
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("the server did not start")


def cast(port: int, vote_id: int, session: str) -> int:
    token = secrets.token_hex(16)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/decisions/votes/{vote_id}/cast",
        data=b'{"option": "agree"}',
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Cookie": f"sessionid={session}; csrftoken={token}",
            "X-CSRFToken": token,
            "Idempotency-Key": secrets.token_urlsafe(16),
        },
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return int(response.status)


def http_batch(port: int, vote_id: int, batch: list[tuple[int, str]], *, clients: int = CLIENTS) -> float:
    """Wall time of casting the batch's ballots over HTTP from `clients` concurrent clients."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(lambda item: cast(port, vote_id, item[1]), batch))
    elapsed = time.perf_counter() - started
    if statuses != [200] * len(batch):
        raise AssertionError(f"not every ballot was accepted: {sorted(set(statuses))}")
    return elapsed


def raw_batch(
    inserters: ThreadPoolExecutor, vote_id: int, option_id: int, batch: list[tuple[int, str]], *, threads: int = CLIENTS
) -> float:
    """Wall time of inserting the batch's rows from `threads` threads of `inserters`, each on its own (kept)
    connection."""
    from django.db import connection, transaction

    def insert(share: list[tuple[int, str]]) -> None:
        for entry_id, _session in share:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_raw_ballot (vote_id, entry_id, option_id) VALUES (%s, %s, %s)",
                    [vote_id, entry_id, option_id],
                )

    started = time.perf_counter()
    list(inserters.map(insert, [batch[index::threads] for index in range(threads)]))
    return time.perf_counter() - started


def close_connections(inserters: ThreadPoolExecutor) -> None:
    """Close the inserters' connections (one call lands on each of the pool's threads)."""
    from django.db import connection

    barrier = threading.Barrier(CLIENTS)

    def close(_index: int) -> None:
        barrier.wait(timeout=60)
        connection.close()

    list(inserters.map(close, range(CLIENTS)))


def main() -> None:
    args = common.arguments(
        "Casting ballots over HTTP with 32 concurrent clients against raw inserts of the same durability."
    )
    per_round = CLIENTS * (3 if args.quick else 10)
    rounds = 3 if args.quick else args.rounds
    with common.scratch_django(args.database):
        from django.db import connection

        from yishi.decisions.models import Ballot, VoteOption

        vote, voters = build(per_round * (2 * rounds + 1))
        option_id = VoteOption.objects.get(vote=vote, kind="agree").pk
        serial = "SERIAL" if connection.vendor == "postgresql" else "INTEGER"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE bench_raw_ballot (id {serial} PRIMARY KEY, vote_id INTEGER NOT NULL, "
                "entry_id INTEGER NOT NULL UNIQUE, option_id INTEGER NOT NULL)"
            )
        connection.close()
        port = free_port()
        log = Path(os.environ["YISHI_VAR_DIR"]) / "server-errors.log"
        server = start_server(port, vote.pk, log)
        inserters = ThreadPoolExecutor(max_workers=CLIENTS)
        try:
            batches = [voters[index * per_round : (index + 1) * per_round] for index in range(2 * rounds + 1)]
            http_batch(port, vote.pk, batches[0][:CLIENTS])  # warm the server
            raw_batch(inserters, vote.pk, option_id, batches[0][:CLIENTS])
            ratios: dict[str, list[float]] = {
                "http/raw": [],
                "http/raw serial": [],
                "http concurrent/serial": [],
                "raw concurrent/serial": [],
            }
            for index in range(rounds):
                concurrent, serial = batches[1 + 2 * index], batches[2 + 2 * index]
                runs = [
                    ("http", partial(http_batch, port, vote.pk, concurrent)),
                    ("raw", partial(raw_batch, inserters, vote.pk, option_id, concurrent)),
                    ("http serial", partial(http_batch, port, vote.pk, serial, clients=1)),
                    ("raw serial", partial(raw_batch, inserters, vote.pk, option_id, serial, threads=1)),
                ]
                seconds = {name: run() for name, run in (runs if index % 2 == 0 else runs[::-1])}
                ratios["http/raw"].append(seconds["http"] / seconds["raw"])
                ratios["http/raw serial"].append(seconds["http"] / seconds["raw serial"])
                ratios["http concurrent/serial"].append(seconds["http"] / seconds["http serial"])
                ratios["raw concurrent/serial"].append(seconds["raw"] / seconds["raw serial"])
        except Exception:
            print(log.read_text(encoding="utf-8", errors="replace")[-6000:], file=sys.stderr)
            raise
        finally:
            close_connections(inserters)
            inserters.shutdown()
            server.terminate()
            server.wait(timeout=30)
        ballots = Ballot.objects.filter(vote=vote).count()
        expected = CLIENTS + 2 * per_round * rounds
        if ballots != expected:
            raise AssertionError(f"{ballots} ballots stored, {expected} cast")

        def comparison(baseline: str, candidate: str, values: list[float]) -> common.Comparison:
            return common.Comparison(
                baseline=baseline,
                candidate=candidate,
                median=statistics.median(values),
                low=min(values),
                high=max(values),
                rounds=rounds,
                calls_per_round=per_round,
            )

        common.report(
            "votes_cast",
            args.database,
            [
                comparison(
                    f"{per_round} raw committed inserts, {CLIENTS} threads",
                    f"{per_round} ballots over HTTP, {CLIENTS} clients",
                    ratios["http/raw"],
                ),
                comparison(
                    f"{per_round} raw committed inserts, one thread",
                    f"{per_round} ballots over HTTP, {CLIENTS} clients",
                    ratios["http/raw serial"],
                ),
                comparison(
                    f"{per_round} ballots over HTTP, one client after another",
                    f"{per_round} ballots over HTTP, {CLIENTS} clients",
                    ratios["http concurrent/serial"],
                ),
                comparison(
                    f"{per_round} raw committed inserts, one thread",
                    f"{per_round} raw committed inserts, {CLIENTS} threads",
                    ratios["raw concurrent/serial"],
                ),
            ],
            notes={"checked": f"{ballots:,} ballots stored, exactly one per voter; every request answered 200"},
        )


if __name__ == "__main__":
    main()
