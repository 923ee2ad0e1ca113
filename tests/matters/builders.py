"""Builders for matters tests: actors, drafts, photos with metadata, and matters raised through the actions."""

import datetime
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from tests.fixtures import Cast, World
from yishi.accounts.models import User
from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.matters import actions
from yishi.matters.models import Category, Matter, MatterChannel, MatterStatus
from yishi.places.models import Place

GPS_LATITUDE = (31.0, 13.0, 45.12)


def actor(user: User, role: str = "", channel: str = Channel.ONLINE) -> Actor:
    return Actor(user=user, acting_role=role, channel=channel)


def category(code: str = "facilities") -> Category:
    return Category.objects.get(code=code)


def draft(place: Place, **overrides: Any) -> actions.MatterDraft:
    values: dict[str, Any] = {
        "title": "3号楼电梯经常坏",
        "description": "3号楼电梯这个月坏了四次,老人上下楼很困难。",
        "place": place,
        "category": category(),
    }
    values.update(overrides)
    return actions.MatterDraft(**values)


def raise_for(user: User, place: Place, **overrides: Any) -> Matter:
    photos = overrides.pop("photos", ())
    return actions.raise_matter(actor=actor(user, "resident"), draft=draft(place, **overrides), photos=photos)


def jpeg_with_metadata(size: tuple[int, int] = (64, 48), orientation: int | None = None) -> bytes:
    """A small JPEG carrying a GPS position, a camera make and (optionally) an EXIF orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 12.0)
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def png_with_alpha() -> bytes:
    image = Image.new("RGBA", (20, 10), (0, 128, 0, 100))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def triage_input(triage_class: str, scope: str = "single_compound", **overrides: Any) -> actions.TriageInput:
    return actions.TriageInput(triage_class=triage_class, scope=scope, **overrides)


def triage(cast: Cast, matter: Matter, triage_class: str, scope: str = "single_compound", **overrides: Any) -> Any:
    publish = overrides.pop("publish", True)
    return actions.triage_matter(
        actor=actor(cast.director, "committee_member"),
        matter=matter,
        decided=triage_input(triage_class, scope, **overrides),
        publish=publish,
    )


def bulk_matters(world: World, count: int, **overrides: Any) -> list[Matter]:
    """Matters written directly (for query-count and list tests); they set the scene only."""
    now = timezone.now()
    rows = [
        Matter(
            title=f"第{number}号议题:小区门口停车乱",
            description="描述",
            place=world.compound,
            community=world.community,
            compound=world.compound,
            category=category("parking"),
            channel=MatterChannel.WEB,
            status=MatterStatus.PROPOSED,
            created_at=now - datetime.timedelta(minutes=number),
            **overrides,
        )
        for number in range(count)
    ]
    return Matter.objects.bulk_create(rows)


def ensure_categories() -> None:
    """Put back the categories of the data migration (transactional browser tests empty every table)."""
    import importlib

    from yishi.matters.models import Category as CategoryModel

    migration = importlib.import_module("yishi.matters.migrations.0002_default_categories")
    for position, (code, name_zh, name_en) in enumerate(migration.CATEGORIES, start=1):
        CategoryModel.objects.update_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "position": position * 10}
        )
