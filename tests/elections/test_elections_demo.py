"""The demo: a finished village election with realistic figures and an upcoming residents' election."""

import datetime
import random

from tests.elections.conftest import villagers
from tests.fixtures import Cast, World
from yishi.elections.actions import result_summary
from yishi.elections.demo import seed
from yishi.elections.models import Election, Phase


def test_the_demo_seeds_both_elections(world: World, cast: Cast) -> None:
    villagers(world.village_group, 120, birth_date=datetime.date(1968, 3, 1))
    villagers(world.village_group, 12, prefix="老人", birth_date=datetime.date(1938, 3, 1))
    seed(street=world.street, rng=random.Random(7))
    village = Election.objects.get(community=world.village)
    assert village.phase == Phase.ANNOUNCED
    summary = result_summary(village)
    registration, turnout = summary["registration"], summary["turnout"]
    assert 96 <= registration.percent <= 100  # type: ignore[attr-defined]
    assert 94 <= turnout.percent <= 98  # type: ignore[attr-defined]
    assert village.rounds.get().mobile_boxes.get().served.count() >= 3
    assert village.rounds.get().ballots.count() > 10
    upcoming = Election.objects.get(community=world.community)
    assert upcoming.phase == Phase.ROLL_PUBLISHED and upcoming.roll_notice is not None
    seed(street=world.street, rng=random.Random(7))
    assert Election.objects.count() == 2
