"""Who may do what to a vote: role × place × phase, for managing (MANAGE_VOTE), recording ballots
(RECORD_BALLOT) and casting one's own ballot."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tests.decisions.conftest import actor, create, draft, entry_of
from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.errors import ActionError, NotPermitted
from yishi.decisions import actions
from yishi.decisions.models import Vote, VoteStatus

pytestmark = pytest.mark.django_db

PERSONAS = (
    "secretary",
    "director",
    "social_worker",
    "supervisor",
    "street_officer",
    "resident",
    "villager",
    "village_head",
    "admin",
)
PLACES = ("compound", "village_group")
PHASES = ("draft", "open", "closed")
OPERATIONS = ("edit", "open", "close", "enter", "cast")

# Who holds the capability at each place: roles held at the community (or the village), and the administrator.
MANAGERS = {"compound": {"secretary", "director", "admin"}, "village_group": {"village_head", "admin"}}
RECORDERS = {
    "compound": {"secretary", "director", "social_worker", "admin"},
    "village_group": {"village_head", "admin"},
}
ON_ROLL = {"compound": {"resident"}, "village_group": {"villager"}}
PHASE_NEEDED = {"edit": "draft", "open": "draft", "close": "open", "enter": "open", "cast": "open"}
CASES = [
    (place, phase, operation)
    for place in PLACES
    for phase in PHASES
    for operation in OPERATIONS
    if not (operation == "enter" and phase == "draft")  # a draft has no roll to enter a ballot against
]


def expected(persona: str, place: str, phase: str, operation: str) -> str:
    right_phase = phase == PHASE_NEEDED[operation]
    if operation == "cast":
        if persona == "admin":
            return "forbidden"  # an administrator's account belongs to no person, who could be on a roll
        # The window is checked next: nobody learns anything about the roll of a vote that is not open.
        if not right_phase:
            return "refused"
        return "ok" if persona in ON_ROLL[place] else "forbidden"
    holders = MANAGERS[place] if operation in {"edit", "open", "close"} else RECORDERS[place]
    if persona not in holders:
        return "forbidden"
    return "ok" if right_phase else "refused"


def vote_in(phase: str, place: str, cast: Cast, world: World, *, past_closing: bool = False) -> Vote:
    manager = cast.director if place == "compound" else cast.village_head
    vote = create(manager, getattr(world, place), "online")
    if phase != "draft":
        vote = actions.open_vote(actor=actor(manager), vote=vote)
    if past_closing:
        # Let the closing time pass, so that closing depends on the permission and the phase only.
        Vote.objects.filter(pk=vote.pk).update(closes_at=vote.opens_at + datetime.timedelta(seconds=1))
    if phase == "closed":
        Vote.objects.filter(pk=vote.pk).update(status=VoteStatus.CLOSED)
    return Vote.objects.get(pk=vote.pk)


def attempt(operation: str, vote: Vote, user: User, world: World) -> Callable[[], Any]:
    someone = "陈阿姨" if vote.place == world.compound else "周大伯"
    return {
        "edit": lambda: actions.update_vote(
            actor=actor(user), vote=vote, draft=draft(vote.place, "online", title="新标题")
        ),
        "open": lambda: actions.open_vote(actor=actor(user), vote=vote),
        "close": lambda: actions.close_vote(actor=actor(user), vote=vote),
        "enter": lambda: actions.enter_ballot(
            actor=actor(user),
            vote=vote,
            entry=entry_of(vote, someone),
            option="agree",
            channel="assisted",
            witness="见证人",
        ),
        "cast": lambda: actions.cast_ballot(actor=actor(user, "resident"), vote=vote, option="agree"),
    }[operation]


@pytest.mark.parametrize(("place", "phase", "operation"), CASES)
def test_permission_matrix(world: World, cast: Cast, place: str, phase: str, operation: str) -> None:
    worker = make_person("社工小张", world.units[3])
    give_role(worker, "social_worker", world.community)
    users = {persona: getattr(cast, persona) for persona in PERSONAS if persona != "social_worker"}
    users["social_worker"] = make_user(worker, username="social_worker")
    outcomes: dict[str, str] = {}
    for persona in PERSONAS:
        # A fresh vote each time: a success changes it.
        vote = vote_in(phase, place, cast, world, past_closing=operation == "close" and phase != "draft")
        try:
            attempt(operation, vote, users[persona], world)()
        except NotPermitted:
            outcomes[persona] = "forbidden"
        except ActionError:
            outcomes[persona] = "refused"
        else:
            outcomes[persona] = "ok"
    assert outcomes == {persona: expected(persona, place, phase, operation) for persona in PERSONAS}


def test_counting_is_for_managers_and_tellers(world: World, cast: Cast) -> None:
    for persona, allowed in (("supervisor", True), ("resident", False), ("street_officer", False)):
        vote = vote_in("closed", "compound", cast, world)
        if allowed:
            actions.count_vote(actor=actor(getattr(cast, persona)), vote=vote)
            assert Vote.objects.get(pk=vote.pk).status == VoteStatus.COUNTED
        else:
            with pytest.raises(NotPermitted):
                actions.count_vote(actor=actor(getattr(cast, persona)), vote=vote)
