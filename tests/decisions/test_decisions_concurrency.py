"""Concurrent ballots, in real threads with their own database connections (run on SQLite and on PostgreSQL):
exactly one ballot per line of the roll, retries answered from the first request, no ballot after the close.

On SQLite the tests run against a database file, as the platform does (WAL, IMMEDIATE transactions): Django's
in-memory test database is shared between threads through SQLite's shared cache, whose table locks fail at once
instead of waiting, which no deployment ever sees.
"""

import datetime
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections

from tests.decisions.conftest import actor, entry_of, open_
from tests.factories import make_person, make_user
from tests.fixtures import Cast, World
from yishi.audit.errors import ActionError
from yishi.decisions import actions
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
    """Start `count` threads at once (a barrier), each with its own connection; collect what each got."""
    barrier = threading.Barrier(count)
    results: list[tuple[str, Any]] = []
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
            results.append(outcome)

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == count
    return results


def test_one_voter_many_requests_exactly_one_ballot(database_file: None, world: World, cast: Cast) -> None:
    vote = open_(cast.director, world.compound, "online")
    elder_entry = entry_of(vote, "陈阿姨")

    def work(index: int) -> Any:
        if index % 3 == 0:  # the resident on the phone, retrying with one key
            return actions.cast_ballot(
                actor=actor(cast.resident, "resident"), vote=vote, option="agree", idempotency_key="phone-1"
            )
        # staff at two desks entering paper ballots for the same resident, each form its own key
        return actions.enter_ballot(
            actor=actor(cast.director),
            vote=vote,
            entry=entry_of(vote, "刘先生") if index % 3 == 1 else elder_entry,
            option="disagree",
            channel="paper",
            paper_reference=f"P-{index}",
            witness="张监督",
            idempotency_key=f"desk-{index}",
        )

    results = run_together(THREADS, work)
    assert not [item for item in results if item[0] == "crashed"], results
    ballots = Ballot.objects.filter(vote=vote)
    assert ballots.count() == 2  # one for 刘先生, one for 陈阿姨, whatever the interleaving
    assert ballots.filter(entry=elder_entry).count() == 1
    refused = {code for kind, code in results if kind == "refused"}
    assert refused <= {"ballot_already_cast"}
    receipts = [value for kind, value in results if kind == "ok"]
    liu = [receipt for receipt in receipts if receipt.entry_name == "刘先生"]
    assert len({(receipt.revision, receipt.option, receipt.channel) for receipt in liu}) == 1
    assert Submission.objects.filter(vote=vote).count() == 2


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
