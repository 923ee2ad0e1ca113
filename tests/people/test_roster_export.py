"""Exporting the roster: the import's own format, masked unless permitted and asked, always on the record."""

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from tests.people.conftest import HEADERS_ZH, actor, xlsx_bytes
from yishi.audit.errors import NotPermitted
from yishi.audit.models import AuditRecord
from yishi.people import roster_import
from yishi.people.models import ImportStatus, Person
from yishi.people.roster_check import parse_rows
from yishi.people.roster_export import export_roster
from yishi.people.spreadsheets import read_table


def _rows(content: bytes) -> list[dict[str, Any]]:
    table = read_table(content)
    return [dict(zip(table.headers, cells, strict=False)) for _number, cells in table.rows]


def test_a_masked_export_by_default(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post("/people/export/", {"place": world.community.pk, "file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="roster-')
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    rows = {row["姓名"]: row for row in _rows(response.content) if row["姓名"]}
    assert rows["刘先生"]["手机号"] == "138****8001"
    assert rows["刘先生"]["业主"] == "是"
    assert rows["刘先生"]["专有面积"] == "89.50"
    assert b"13800138001" not in response.content
    record = AuditRecord.objects.get(verb="roster.export")
    assert record.changes["full_numbers"] == [None, False]


def test_full_numbers_only_when_permitted_and_asked(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = client.post(
        "/people/export/", {"place": world.community.pk, "file_format": "xlsx", "include_full_numbers": "on"}
    )
    rows = {row["姓名"]: row for row in _rows(response.content) if row["姓名"]}
    assert rows["刘先生"]["手机号"] == "13800138001"
    assert AuditRecord.objects.get(verb="roster.export").changes["full_numbers"] == [None, True]


def test_a_social_worker_exports_masked_even_when_asking(client: Client, world: World, cast: Cast) -> None:
    worker = make_person("社工小周", world.community)
    give_role(worker, "social_worker", world.community)
    user = make_user(worker)
    client.force_login(user)
    page = client.get("/people/export/")
    assert "include_full_numbers" not in page.context["form"].fields
    response = client.post(
        "/people/export/", {"place": world.community.pk, "file_format": "csv", "include_full_numbers": "on"}
    )
    assert b"13800138001" not in response.content
    with pytest.raises(NotPermitted):
        export_roster(
            actor=actor(user), place=world.community, file_format="csv", include_full_numbers=True, language="zh"
        )


@pytest.mark.parametrize("who", ["supervisor", "resident", "street_officer"])
def test_export_is_for_roster_keepers(client: Client, world: World, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get("/people/export/").status_code == 403


def test_english_export_has_english_headers(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    client.cookies["yishi_language"] = "en"
    response = client.post("/people/export/", {"place": world.community.pk, "file_format": "csv"})
    table = read_table(response.content)
    assert table.headers[:3] == ("name", "sex", "ethnicity")


def test_round_trip(world: World, cast: Cast, good_rows: list[list[object]]) -> None:
    """What an import wrote, an export gives back in a file the import reads the same way."""
    rows = [*good_rows, ["", "", "", "", "", "", "", "阳光小区", "2号楼", "201", "99.99", "", "", ""]]
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="a.xlsx", content=xlsx_bytes(HEADERS_ZH, rows)
    )
    roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="all", expected_rows=4)
    exported = export_roster(
        actor=actor(cast.director), place=world.compound, file_format="xlsx", include_full_numbers=True, language="zh"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(exported.content))
    assert workbook.active.title == "名册"
    _headers, read, errors = parse_rows(exported.content)
    assert errors == {}
    by_name = {row.name: row for row in read if row.name}
    zhao = by_name["赵一"]
    assert (zhao.community, zhao.compound, zhao.building, zhao.unit) == ("幸福社区", "阳光小区", "1号楼", "105")
    assert (zhao.phone, zhao.exclusive_area, zhao.owner, zhao.household_number, zhao.household_head) == (
        "13700000001",
        "88.80",
        True,
        "H105",
        True,
    )
    assert by_name["赵二"].household_number == "H105" and not by_name["赵二"].household_head
    assert by_name["钱三"].residence_status == "migrant"
    empty_unit = next(row for row in read if row.unit == "201")
    assert (empty_unit.name, empty_unit.exclusive_area) == ("", "99.99")
    # Importing the export again finds every resident already on the roster and writes nothing.
    people = Person.objects.count()
    again = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="again.xlsx", content=exported.content
    )
    assert again.status == ImportStatus.CHECKED
    duplicates = {error["row"] for error in again.errors if error["code"] == "duplicate_in_database"}
    assert len(duplicates) == sum(1 for row in read if row.name)
    assert Person.objects.count() == people
