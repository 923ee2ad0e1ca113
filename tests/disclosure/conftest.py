"""Builders for disclosure tests: notices drafted and published through the actions."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.disclosure import actions
from yishi.disclosure.models import Notice, NoticeKind
from yishi.places.models import Place


def actor_for(user: User | None) -> Actor:
    return Actor(user=user, acting_role="test") if user is not None else Actor.system()


def draft(
    user: User,
    community: Place,
    *,
    title: str = "关于小区路灯维修的公示",
    body: str = "经议事协商，决定更换阳光小区路灯十二盏。",
    kind: str = NoticeKind.DECISION,
    **extra: Any,
) -> Notice:
    return actions.create_draft(actor=actor_for(user), community=community, kind=kind, title=title, body=body, **extra)


def published(user: User, community: Place, **extra: Any) -> Notice:
    return actions.publish_notice(actor=actor_for(user), notice=draft(user, community, **extra))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Cached PDFs go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def notice(cast: Cast, world: World) -> Notice:
    return published(cast.director, world.community)


def days_ago(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=days)
