"""Concurrent ballots, in real threads with their own database connections (run on SQLite and on PostgreSQL):
exactly one ballot per line of the roll, retries answered from the first request, no ballot after the close.

The requests for one voter are held at a barrier inside the window that matters (see `InTheWindow`), so the race
happens on every run and a test fails if it did not: online and paper/assisted channels, the same key retried and
different keys, named and secret ballots.

On SQLite the tests run against a database file, as the platform does (WAL, IMMEDIATE transactions): Django's
in-memory test database is shared between threads through SQLite's shared cache, whose table locks fail at once
instead of waiting, which no deployment ever sees.
"""

import datetime
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections

from tests.decisions.conftest import actor, entry_of, open_
from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.audit.models import AuditRecord
from yishi.decisions import actions
from yishi.decisions.actions import ballots
from yishi.decisions.models import Ballot, Participation, SecretBallot, Submission, Vote, VoteStatus

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 12


@pytest.fixture
def database_file(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """On SQLite, copy the migrated test database into a file and point every connection at it for the test."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)  # type: ignore[union-attr]
    target.close()
    original = connections.settings["default"]["NAME"]
    # Closing the in-memory database would destroy it: keep its connection aside and open the file instead.
    connection.connection = None
    connections.settings["default"]["NAME"] = connection.settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        connections.settings["default"]["NAME"] = connection.settings_dict["NAME"] = original
        connection.connection = memory


def run_together(count: int, work: Callable[[int], Any]) -> list[tuple[str, Any]]:
    """Start `count` threads at once (a barrier), each with its own connection; what each got, in index order."""
    barrier = threading.Barrier(count)
    results: list[tuple[int, tuple[str, Any]]] = []
    lock = threading.Lock()

    def target(index: int) -> None:
        try:
            barrier.wait()
            outcome: tuple[str, Any] = ("ok", work(index))
        except ActionError as error:
            outcome = ("refused", error.code)
        except Exception as error:
            outcome = ("crashed", repr(error))
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append((index, outcome))

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == count
    return [outcome for _index, outcome in sorted(results, key=lambda item: item[0])]


@dataclass(frozen=True)
class Request:
    """One request of the race: who casts for which line of the roll, on which channel, with which key."""

    entry: str
    channel: str
    key: str


# Twelve requests for two lines of the roll at once. 刘先生: his phone sends the same request four times (one key,
# retried), a desk's paper form is submitted twice (one key, double-clicked), and two more desks enter paper and
# assisted ballots for him with keys of their own. 陈阿姨 (no phone): four desks enter her paper ballot at once.
REQUESTS = [
    *[Request("刘先生", "online", "phone-1")] * 4,
    *[Request("刘先生", "paper", "desk-a")] * 2,
    Request("刘先生", "paper", "desk-b"),
    Request("刘先生", "assisted", "desk-c"),
    *[Request("陈阿姨", "paper", f"desk-{letter}") for letter in "defg"],
]


class InTheWindow:
    """Holds every request at one point until all have reached it, so that the race really happens:

    - "before": just past the idempotency pre-check, before any transaction (nothing committed yet). The requests
      then run on together; a retry may find the first request's ballot already stored.
    - "inside" (PostgreSQL, whose writers run side by side; SQLite runs one writer at a time): also inside the
      transaction, with the vote's state read and before looking for an existing ballot. Nobody has inserted yet,
      so every duplicate must be stopped by the unique constraints.

    The barriers break (and the test fails) unless all the requests reach the window together."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, parties: int, *, inside: bool) -> None:
        self.precheck = threading.Barrier(parties, timeout=60)
        self.inside = threading.Barrier(parties, timeout=60)
        self.reached = threading.local()
        self.counts = {"precheck": 0, "inside": 0}
        self.lock = threading.Lock()
        replay, state = ballots._replay, ballots._ballot_state

        def held_replay(vote: Vote, key: str) -> Any:
            found = replay(vote, key)
            if not getattr(self.reached, "precheck", False):
                self.reached.precheck = True
                self._wait(self.precheck, "precheck")
            return found

        def held_state(vote: Vote) -> Any:
            found = state(vote)
            if inside and not getattr(self.reached, "inside", False):
                self.reached.inside = True
                self._wait(self.inside, "inside")
            return found

        monkeypatch.setattr(ballots, "_replay", held_replay)
        monkeypatch.setattr(ballots, "_ballot_state", held_state)

    def _wait(self, barrier: threading.Barrier, name: str) -> None:
        barrier.wait()
        with self.lock:
            self.counts[name] += 1


@pytest.mark.parametrize("window", ["before", "inside"])
@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_one_voter_many_requests_exactly_one_ballot(
    database_file: None, world: World, cast: Cast, monkeypatch: pytest.MonkeyPatch, secrecy: str, window: str
) -> None:
    if window == "inside" and connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: no two requests are ever inside together")
    held = InTheWindow(monkeypatch, len(REQUESTS), inside=window == "inside")
    vote = open_(cast.director, world.compound, "online", secrecy=secrecy)
    entries = {name: entry_of(vote, name) for name in ("刘先生", "陈阿姨")}

    def work(index: int) -> Any:
        request = REQUESTS[index]
        if request.channel == "online":
            return actions.cast_ballot(
                actor=actor(cast.resident, "resident"), vote=vote, option="agree", idempotency_key=request.key
            )
        return actions.enter_ballot(
            actor=actor(cast.director),
            vote=vote,
            entry=entries[request.entry],
            option="disagree",
            channel=request.channel,
            paper_reference=f"P-{request.key}",
            witness="张监督",
            idempotency_key=request.key,
        )

    results = run_together(len(REQUESTS), work)
    assert not [item for item in results if item[0] == "crashed"], results
    by_index = dict(enumerate(results))
    # Every request was held in the window with all the others: the race really happened.
    assert held.counts == {"precheck": len(REQUESTS), "inside": len(REQUESTS) if window == "inside" else 0}

    # Exactly one ballot per line of the roll, whatever the interleaving, and one submission: the winner's.
    if secrecy == "named":
        assert sorted(Ballot.objects.filter(vote=vote).values_list("entry_id", flat=True)) == sorted(
            entry.pk for entry in entries.values()
        )
    else:
        assert sorted(Participation.objects.filter(vote=vote).values_list("entry_id", flat=True)) == sorted(
            entry.pk for entry in entries.values()
        )
        assert SecretBallot.objects.filter(vote=vote).count() == len(entries)
        assert not Ballot.objects.filter(vote=vote).exists()
    winners = dict(Submission.objects.filter(vote=vote).values_list("entry_id", "key"))
    assert sorted(winners) == sorted(entry.pk for entry in entries.values())
    audited = AuditRecord.objects.filter(verb__in=["ballot.cast", "ballot.participate"])
    assert audited.count() == len(entries)

    # Each request's answer: the winning request and its retries (same key) get the same receipt, the retries
    # marked as replayed; every other request (another key, on any channel) is refused as a second ballot.
    for index, request in enumerate(REQUESTS):
        kind, value = by_index[index]
        if request.key == winners[entries[request.entry].pk]:
            assert kind == "ok", (request, value)
            assert (value.entry_name, value.channel, value.revision) == (request.entry, request.channel, 1)
            assert value.option == (
                None if secrecy == "secret" else "agree" if request.channel == "online" else "disagree"
            )
        else:
            assert (kind, value) == ("refused", "ballot_already_cast"), request
    for name in entries:
        receipts = [
            value for index, (kind, value) in by_index.items() if kind == "ok" and REQUESTS[index].entry == name
        ]
        assert sum(not receipt.replayed for receipt in receipts) == 1
        assert len({replace(receipt, replayed=False) for receipt in receipts}) == 1


@pytest.mark.parametrize("secrecy", ["named", "secret"])
def test_a_retry_that_overtook_the_precheck_gets_the_first_receipt(
    world: World, cast: Cast, monkeypatch: pytest.MonkeyPatch, secrecy: str
) -> None:
    """An interleaving the race above produces only sometimes, made certain: the retry passed the idempotency
    pre-check while the first request was still running, and reaches its transaction after the first committed."""
    vote = open_(cast.director, world.compound, "online", secrecy=secrecy)
    first = actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree", idempotency_key="k")
    replay = ballots._replay
    prechecks: list[str] = []

    def overtaken(vote: Vote, key: str) -> Any:
        prechecks.append(key)
        return None if len(prechecks) == 1 else replay(vote, key)  # the pre-check ran before the first committed

    monkeypatch.setattr(ballots, "_replay", overtaken)
    again = actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree", idempotency_key="k")
    assert again == replace(first, replayed=True)
    assert prechecks == ["k", "k"]
    with pytest.raises(ActionError) as refused:
        actions.cast_ballot(actor=actor(cast.resident, "resident"), vote=vote, option="agree", idempotency_key="k2")
    assert refused.value.code == "ballot_already_cast"
    assert Submission.objects.filter(vote=vote).count() == 1
    stored = Participation if secrecy == "secret" else Ballot
    assert stored.objects.filter(vote=vote).count() == 1


def test_many_voters_at_once_all_counted(database_file: None, world: World, cast: Cast) -> None:
    people = [
        make_person(f"居民{index:02d}号", world.units[index % 4], birth_date=datetime.date(1980, 1, 1))
        for index in range(THREADS)
    ]
    users = [make_user(person) for person in people]
    vote = open_(cast.director, world.compound, "online", secrecy="secret")

    def work(index: int) -> Any:
        return actions.cast_ballot(
            actor=actor(users[index], "resident"), vote=vote, option="agree" if index % 2 else "disagree"
        )

    results = run_together(THREADS, work)
    assert [kind for kind, _ in results] == ["ok"] * THREADS, results
    assert Participation.objects.filter(vote=vote).count() == THREADS
    assert SecretBallot.objects.filter(vote=vote).count() == THREADS


def test_no_ballot_lands_after_the_close(database_file: None, world: World, cast: Cast) -> None:
    for index in range(THREADS - 1):
        make_person(f"居民{index:02d}号", world.units[index % 4], birth_date=datetime.date(1980, 1, 1))
    vote = open_(cast.director, world.compound, "online")
    # Make the vote closable at once (its closing time has come), then race the close against the ballots.
    Vote.objects.filter(pk=vote.pk).update(closes_at=vote.opens_at + datetime.timedelta(seconds=1))
    Vote.objects.filter(pk=vote.pk).update(opens_at=vote.opens_at - datetime.timedelta(days=1))

    def work(index: int) -> Any:
        if index == THREADS - 1:
            return actions.close_vote(actor=actor(cast.director), vote=vote)
        return actions.enter_ballot(
            actor=actor(cast.director),
            vote=vote,
            entry=entry_of(vote, f"居民{index:02d}号"),
            option="agree",
            channel="paper",
            paper_reference=f"P-{index}",
            witness="张监督",
        )

    results = run_together(THREADS, work)
    assert not [item for item in results if item[0] == "crashed"], results
    closed = Vote.objects.get(pk=vote.pk)
    assert closed.status == VoteStatus.CLOSED
    accepted = sum(1 for kind, value in results if kind == "ok" and not isinstance(value, Vote))
    refused = [value for kind, value in results if kind == "refused"]
    assert set(refused) <= {"ballot_after_close"}
    assert Ballot.objects.filter(vote=vote).count() == accepted
    # Every ballot stored was cast before the close committed.
    assert not Ballot.objects.filter(vote=vote, cast_at__gt=closed.closed_at).exists()
