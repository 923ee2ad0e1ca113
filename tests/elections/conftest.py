"""Builders for election tests: villagers, a planned election, a published roll and candidate list."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.factories import make_person, make_place, make_unit, make_user
from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.elections import actions
from yishi.elections.models import Candidate, Election, RegistrationStatus, Round, VoterRegistration
from yishi.people.models import Person
from yishi.people.permissions import today
from yishi.places.models import Place

SYSTEM = Actor.system()


def staff(user: User) -> Actor:
    return Actor(user=user, acting_role="committee_member", channel=Channel.ASSISTED)


def online(user: User) -> Actor:
    return Actor(user=user, acting_role="voter", channel=Channel.ONLINE)


@dataclass
class Scene:
    election: Election
    people: list[Person]
    registrations: list[VoterRegistration]
    users: dict[int, User] = field(default_factory=dict)
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)

    def user(self, index: int) -> User:
        person = self.people[index]
        if person.pk not in self.users:
            self.users[person.pk] = make_user(person)
        return self.users[person.pk]


def villagers(group: Place, count: int, *, prefix: str = "村民", sex: str = "male", **extra: Any) -> list[Person]:
    unit = make_unit(group, f"{prefix}宅{group.pk}-{count}", "120.00")
    people = []
    for index in range(count):
        people.append(
            make_person(
                f"{prefix}{index + 1:02d}",
                unit,
                birth_date=extra.get("birth_date", datetime.date(1970, 1, 1)),
                sex=sex if index % 2 == 0 else "female",
                residence_status=extra.get("residence_status", "registered"),
                resident_since=extra.get("resident_since"),
            )
        )
    return people


def plan_village(
    world: World,
    actor: Actor,
    *,
    seats: dict[str, int] | None = None,
    profile: str = "",
    election_day: datetime.date | None = None,
    opens: datetime.date | None = None,
) -> Election:
    day = election_day or today() + datetime.timedelta(days=25)
    return actions.create_election(
        actor=actor,
        community=world.village,
        kind="villagers",
        title="桃源村第十二届村民委员会选举",
        registration_opens_on=opens or today() - datetime.timedelta(days=5),
        election_day=day,
        seats=seats or {"chair": 1, "member": 2},
        profile=profile,
    )


@pytest.fixture
def village_scene(world: World, cast: Cast) -> Callable[..., Scene]:
    """A village election with `voters` villagers registered, the roll published and candidates listed."""

    def build(
        *,
        voters: int = 10,
        seats: dict[str, int] | None = None,
        candidates: dict[str, int] | None = None,
        profile: str = "",
        publish_candidates: bool = True,
    ) -> Scene:
        head = staff(cast.village_head)
        election = plan_village(world, head, seats=seats, profile=profile)
        people = villagers(world.village_group, voters)
        actions.register_proposed(actor=head, election=election)
        actions.publish_roll(actor=head, election=election)
        registrations = list(
            VoterRegistration.objects.filter(election=election, status=RegistrationStatus.REGISTERED)
            .select_related("person")
            .order_by("person__name")
        )
        scene = Scene(election=election, people=people, registrations=registrations)
        by_person = {item.person_id: item for item in registrations}
        wanted = candidates or {post: count + 1 for post, count in (seats or {"chair": 1, "member": 2}).items()}
        cursor = 0
        for post, count in wanted.items():
            scene.candidates[post] = []
            for _ in range(count):
                person = people[cursor]
                cursor += 1
                candidate = actions.nominate(
                    actor=head, election=election, post=post, person=person, nominators=[by_person[people[-1].pk]]
                )
                actions.answer_nomination(actor=head, candidate=candidate, accept=True)
                scene.candidates[post].append(candidate)
        if publish_candidates:
            actions.publish_candidate_list(actor=head, election=election)
        election.refresh_from_db()
        return scene

    return build


def registration_of(scene: Scene, index: int) -> VoterRegistration:
    person = scene.people[index]
    return next(item for item in scene.registrations if item.person_id == person.pk)


def option_ids(round_: Round, post: str) -> dict[str, int]:
    return {
        option.candidate.person.name: option.pk
        for option in round_.options.select_related("candidate__person").filter(post=post)
    }


def make_group(world: World, name: str) -> Place:
    return make_place("compound", name, world.village, compound_type="village_group")
