"""The demo notices load through the actions and fill both tabs of each community's board."""

import random

from django.test import Client

from tests.fixtures import Cast, World
from yishi.disclosure import demo
from yishi.disclosure.models import Notice, NoticeStatus


def test_demo_fills_current_and_archive(client: Client, cast: Cast, world: World) -> None:
    demo.seed(street=world.street, rng=random.Random(7))
    community = Notice.objects.filter(community=world.community)
    assert community.filter(status=NoticeStatus.ARCHIVED).count() == 3
    assert community.filter(status=NoticeStatus.PUBLISHED).count() == 3
    assert community.filter(status=NoticeStatus.DRAFT).count() == 1
    numbers = list(community.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 6
    board = client.get(f"/disclosure/c/{world.community.pk}/?tab=archive").content.decode()
    assert "财务收支公开" in board
