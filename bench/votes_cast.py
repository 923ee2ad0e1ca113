"""Casting ballots over HTTP with 32 concurrent clients, against raw inserts of the same durability.

A compound's online vote with a roll of a few thousand residents, each signed in with a session of their own.
A separate server process (Django's WSGI application in a threaded `wsgiref` server, as runserver runs it but
with a listen backlog for 32 clients; DEBUG off) serves the API on the scratch database; 32 client threads in
this process each POST /api/decisions/votes/{id}/cast for their share
of the residents of a round (a fresh Idempotency-Key each, session cookie and CSRF token as a browser sends
them). Everything a ballot does is in that time: authentication, the vote's state under its shared lock, the
roll lookup, the unique ballot row, the submission row for idempotency and the audit record, one transaction.

Baseline: the same number of rows INSERTed by 32 threads into a table of the same shape (a unique roll entry,
the choice), each in its own committed transaction on the same database — the same durability, nothing else.

Reported: for each round, the wall time of the HTTP batch divided by that of the raw batch (interleaved order).
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


# A threaded WSGI server in its own process: Django's runserver, but with a listen backlog that holds 32
# clients connecting at once (runserver's socketserver default of 5 resets the rest) and no request log.
SERVER = """
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django

django.setup()
from django.core.wsgi import get_wsgi_application


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


server = make_server("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), server_class=Server, handler_class=Quiet)
server.serve_forever()
"""


def start_server(port: int, vote_id: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port)],
        cwd=common.ROOT,
        env=dict(os.environ, PYTHONPATH=str(common.ROOT)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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


def http_batch(port: int, vote_id: int, batch: list[tuple[int, str]]) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(lambda item: cast(port, vote_id, item[1]), batch))
    elapsed = time.perf_counter() - started
    if statuses != [200] * len(batch):
        raise AssertionError(f"not every ballot was accepted: {sorted(set(statuses))}")
    return elapsed


def raw_batch(vote_id: int, option_id: int, batch: list[tuple[int, str]]) -> float:
    from django.db import connection, transaction

    shares = [batch[index::CLIENTS] for index in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS + 1)

    def insert(share: list[tuple[int, str]]) -> None:
        try:
            barrier.wait()
            for entry_id, _session in share:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO bench_raw_ballot (vote_id, entry_id, option_id) VALUES (%s, %s, %s)",
                        [vote_id, entry_id, option_id],
                    )
        finally:
            connection.close()

    threads = [threading.Thread(target=insert, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    args = common.arguments(
        "Casting ballots over HTTP with 32 concurrent clients against raw inserts of the same durability."
    )
    per_round = CLIENTS * (3 if args.quick else 10)
    rounds = 3 if args.quick else args.rounds
    with common.scratch_django(args.database):
        from django.db import connection

        from yishi.decisions.models import Ballot, VoteOption

        vote, voters = build(per_round * (rounds + 1))
        option_id = VoteOption.objects.get(vote=vote, kind="agree").pk
        serial = "SERIAL" if connection.vendor == "postgresql" else "INTEGER"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE bench_raw_ballot (id {serial} PRIMARY KEY, vote_id INTEGER NOT NULL, "
                "entry_id INTEGER NOT NULL UNIQUE, option_id INTEGER NOT NULL)"
            )
        connection.close()
        port = free_port()
        server = start_server(port, vote.pk)
        try:
            batches = [voters[index * per_round : (index + 1) * per_round] for index in range(rounds + 1)]
            http_batch(port, vote.pk, batches[0][:CLIENTS])  # warm the server
            raw_batch(vote.pk, option_id, batches[0][:CLIENTS])
            ratios = []
            for index, batch in enumerate(batches[1:]):
                if index % 2 == 0:
                    http = http_batch(port, vote.pk, batch)
                    raw = raw_batch(vote.pk, option_id, batch)
                else:
                    raw = raw_batch(vote.pk, option_id, batch)
                    http = http_batch(port, vote.pk, batch)
                ratios.append(http / raw)
        finally:
            server.terminate()
            server.wait(timeout=30)
        ballots = Ballot.objects.filter(vote=vote).count()
        expected = CLIENTS + per_round * rounds
        if ballots != expected:
            raise AssertionError(f"{ballots} ballots stored, {expected} cast")
        result = common.Comparison(
            baseline=f"{per_round} raw committed inserts, {CLIENTS} threads",
            candidate=f"{per_round} ballots over HTTP, {CLIENTS} clients",
            median=statistics.median(ratios),
            low=min(ratios),
            high=max(ratios),
            rounds=rounds,
            calls_per_round=per_round,
        )
        common.report(
            "votes_cast",
            args.database,
            [result],
            notes={"checked": f"{ballots:,} ballots stored, exactly one per voter; every request answered 200"},
        )


if __name__ == "__main__":
    main()
