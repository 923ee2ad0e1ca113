"""The demo votes: a counted owners' decision that passes by area and fails by head count, an open online vote
awaiting the demo owner, a residents' assembly with attendance, and a village matter through 四议两公开."""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command

from yishi.decisions.models import FourTwoRecord, FourTwoSequence, Vote, VoteStatus
from yishi.matters.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> None:
    # The categories a migration loads (absent when the test database is built without migrations).
    defaults = importlib.import_module("yishi.matters.migrations.0002_default_categories").CATEGORIES
    for position, (code, name_zh, name_en) in enumerate(defaults, start=1):
        Category.objects.get_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "position": position}
        )
    call_command("seed_demo", scale="tiny", stdout=StringIO())


def test_the_demo_votes(demo: None) -> None:
    owners = Vote.objects.get(basis="owners")
    assert owners.status == VoteStatus.PUBLISHED and owners.owners_matter == "raise_maintenance_fund"
    passed = {condition["code"]: condition["passed"] for condition in owners.result.conditions}
    assert passed["owners.participation.area"] and passed["owners.participation.count"]
    assert passed["owners.agreement.area"] and not passed["owners.agreement.count"]
    assert owners.result_notice is not None and "✗" in owners.result_notice.body

    online = Vote.objects.get(basis="online")
    assert online.status == VoteStatus.OPEN
    assert online.roll.filter(name="刘建军").exists()
    assert not online.ballots.filter(entry__name="刘建军").exists()

    assembly = Vote.objects.get(basis="residents_assembly")
    assert assembly.status == VoteStatus.PUBLISHED and assembly.attendance.count() > assembly.roll_size // 2

    sequence = FourTwoSequence.objects.get()
    steps = list(FourTwoRecord.objects.filter(sequence=sequence).order_by("position").values_list("step", flat=True))
    assert steps == [
        "party_proposal",
        "joint_deliberation",
        "party_members_review",
        "resolution",
        "resolution_published",
    ]
