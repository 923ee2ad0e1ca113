"""The demo data: realistic matters across channels, classes and statuses, consistent with the domain."""

import random

from django.db import transaction
from django.db.models import Count

from tests.fixtures import World
from yishi.disclosure.models import Notice, NoticeKind
from yishi.matters.demo import SIZES, seed
from yishi.matters.domain.lifecycle import AWAITING_RESPONSE_STATUSES
from yishi.matters.models import Matter, MatterEvent, MatterFollower, MatterStatus, Referral, TriageRecord


def test_the_demo_covers_channels_classes_and_statuses(world: World) -> None:
    seed(street=world.street, rng=random.Random(7), scale="street")
    matters = Matter.objects.all()
    assert matters.count() == SIZES["street"]
    assert set(matters.values_list("community", flat=True)) == {world.community.pk, world.village.pk}
    channels = set(matters.values_list("channel", flat=True))
    assert len(channels) >= 6
    assert {"big", "small", "micro", "urgent", "direct_answer", "declined"} <= set(
        matters.values_list("triage_class", flat=True)
    )
    statuses = set(matters.values_list("status", flat=True))
    assert {
        MatterStatus.PROPOSED,
        MatterStatus.TRIAGED,
        MatterStatus.ANSWERED_DIRECTLY,
        MatterStatus.DECLINED,
    } <= statuses
    assert statuses & {MatterStatus.REFERRED, MatterStatus.REPLIED}
    # Every triaged matter has its record, its due date (declined ones excepted) and a timeline.
    triaged = matters.exclude(triage_class="")
    assert TriageRecord.objects.count() == triaged.count()
    assert not triaged.exclude(status=MatterStatus.DECLINED).filter(due_on__isnull=True).exists()
    assert not matters.annotate(steps=Count("events")).filter(steps=0).exists()
    # Follower counts agree with the rows; merged matters point at an open one.
    for matter in matters.exclude(status=MatterStatus.MERGED).annotate(rows=Count("followers"))[:50]:
        assert (
            matter.follower_count >= matter.rows - MatterFollower.objects.filter(matter=matter, reason="merged").count()
        )
    for merged in matters.filter(status=MatterStatus.MERGED):
        assert merged.merged_into is not None and merged.merged_into.status != MatterStatus.MERGED
    replied = matters.filter(status=MatterStatus.REPLIED)
    assert not Referral.objects.filter(matter__in=replied, replied_at__isnull=True).exists()
    # Village matters stay in villages; matters for deliberation are young enough not to be mostly overdue.
    assert not matters.filter(community=world.village, title="3号楼电梯经常坏").exists()
    awaiting = matters.filter(status__in=sorted(AWAITING_RESPONSE_STATUSES))
    assert awaiting.exists()
    # The triage results are published as lists on each community's board.
    assert Notice.objects.filter(kind=NoticeKind.TRIAGE_RESULT).count() >= 2
    assert not TriageRecord.objects.filter(notice__isnull=True).exists()
    assert MatterEvent.objects.filter(kind="triaged", notice__isnull=False).exists()


def _draw(world: World, seed_value: int) -> list[tuple[str, str, str]]:
    with transaction.atomic():
        seed(street=world.street, rng=random.Random(seed_value), scale="tiny")
        rows = list(Matter.objects.order_by("pk").values_list("title", "status", "channel"))
        transaction.set_rollback(True)
    return rows


def test_the_demo_is_reproducible(world: World) -> None:
    first = _draw(world, 3)
    assert len(first) == SIZES["tiny"]
    assert _draw(world, 3) == first
    assert _draw(world, 4) != first
