"""One ballot per voter per round, across channels, under concurrent requests (the unique register mark)."""

import threading
from collections.abc import Callable

import pytest
from django.db import OperationalError, close_old_connections, connection

from tests.elections.conftest import Scene, online, option_ids, registration_of, staff
from tests.fixtures import Cast
from yishi.audit.errors import ActionError
from yishi.elections import actions
from yishi.elections.models import Ballot, RegisterMark

pytestmark = pytest.mark.django_db(transaction=True)


def _race(attempts: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Run the attempts at once, each in its own thread and database connection."""
    barrier = threading.Barrier(len(attempts))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(attempt: Callable[[], object]) -> None:
        barrier.wait()
        try:
            outcome = attempt()
            with lock:
                results.append(outcome)
        except (ActionError, OperationalError) as error:
            with lock:
                errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_concurrent_ballots_across_channels_leave_one_mark(village_scene, cast: Cast) -> None:
    scene: Scene = village_scene(voters=8)
    head = staff(cast.village_head)
    actions.register_proxy(
        actor=head,
        election=scene.election,
        grantor=registration_of(scene, 1),
        holder=registration_of(scene, 7),
        relation="spouse",
        written_reference="委托书",
        grantor_away=True,
    )
    actions.publish_proxy_lists(actor=head, election=scene.election)
    round_ = actions.open_round(actor=head, election=scene.election)
    chair = list(option_ids(round_, "chair").values())
    voter = registration_of(scene, 1)
    voter_user = scene.user(1)
    holder_user = scene.user(7)
    attempts: list[Callable[[], object]] = [
        lambda: actions.cast_online(actor=online(voter_user), round_=round_, choices={"chair": [chair[0]]}),
        lambda: actions.cast_online(actor=online(voter_user), round_=round_, choices={"chair": [chair[1]]}),
        lambda: actions.cast_online(
            actor=online(holder_user), round_=round_, choices={"chair": [chair[1]]}, for_voter=voter
        ),
        lambda: actions.mark_at_station(actor=head, round_=round_, registration=voter, by_proxy=False),
    ]
    results, errors = _race(attempts)
    assert RegisterMark.objects.filter(round=round_, registration=voter).count() == 1
    assert len(results) == 1, errors
    assert Ballot.objects.filter(round=round_).count() == (0 if RegisterMark.objects.get().channel == "station" else 1)
    assert all(isinstance(error, ActionError) for error in errors), errors
