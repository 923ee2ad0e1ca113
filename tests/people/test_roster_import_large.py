"""A district-sized file: 20,000 rows are checked and imported by the background tasks, in one transaction."""

from typing import Any

import pytest

from tests.fixtures import Cast, World
from tests.people.conftest import HEADERS_ZH, actor, csv_bytes
from yishi.audit.models import AuditRecord
from yishi.people import roster_import
from yishi.people.models import ImportStatus, Ownership, Person
from yishi.places.models import Place

pytestmark = pytest.mark.slow

ROWS = 20_000


def test_twenty_thousand_rows(world: World, cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    rows = [
        [
            f"居民{number}",
            "",
            "",
            f"137{number:08d}",
            "",
            "户籍",
            "",
            "阳光小区",
            f"{number // 600 + 2}号楼",
            f"{number % 600 // 3 + 101}",
            "90.00",
            "是" if number % 3 == 0 else "否",
            "",
            "",
        ]
        for number in range(ROWS)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        batch = roster_import.upload_roster(
            actor=actor(cast.director), place=world.community, file_name="big.csv", content=csv_bytes(HEADERS_ZH, rows)
        )
    assert len(callbacks) == 1  # checked by the task, not while the page waited
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert (batch.total_rows, batch.valid_rows, batch.error_rows) == (ROWS, ROWS, 0)
    with django_capture_on_commit_callbacks(execute=True):
        roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="all", expected_rows=ROWS)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert batch.summary["people"] == ROWS
    assert Person.objects.filter(name__startswith="居民").count() == ROWS
    buildings = Place.objects.filter(parent=world.compound, kind="building").exclude(pk=world.building.pk)
    assert buildings.count() == ROWS // 600 + 1
    assert Ownership.objects.filter(owner__name__startswith="居民").count() == ROWS // 3 + 1
    assert AuditRecord.objects.filter(verb="person.create", channel="import").count() == ROWS
