"""Importing a roster: every row checked as a single edit, a report before anything is written, one transaction."""

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client

from tests.factories import give_role, make_person, make_user
from tests.fixtures import Cast, World
from tests.people.conftest import HEADERS_ZH, actor, csv_bytes, id_number, xlsx_bytes
from yishi.audit.errors import ActionError, NotPermitted
from yishi.audit.models import AuditRecord, Channel
from yishi.people import crypto, roster_import, roster_writer
from yishi.people.models import Household, ImportBatch, ImportStatus, Ownership, Person, RoleAssignment
from yishi.places.models import Place


def _upload(client: Client, world: World, content: bytes, name: str = "名册.xlsx", place: Place | None = None) -> Any:
    return client.post(
        "/people/import/",
        {"place": (place or world.community).pk, "file": SimpleUploadedFile(name, content)},
    )


def _batch() -> ImportBatch:
    return ImportBatch.objects.latest("id")


def _snapshot() -> tuple[int, int, int, int, int]:
    return (
        Person.objects.count(),
        Place.objects.count(),
        Ownership.objects.count(),
        Household.objects.count(),
        RoleAssignment.objects.count(),
    )


def test_an_all_valid_file_is_previewed_then_imported(
    client: Client, world: World, cast: Cast, good_rows: list[list[object]]
) -> None:
    client.force_login(cast.director)
    response = _upload(client, world, xlsx_bytes(HEADERS_ZH, good_rows))
    batch = _batch()
    assert response.status_code == 302 and response["Location"] == f"/people/import/{batch.pk}/"
    assert batch.status == ImportStatus.CHECKED
    assert (batch.total_rows, batch.valid_rows, batch.error_rows) == (3, 3, 0)
    assert batch.summary == {
        "rows": 3,
        "people": 3,
        "units": 1,
        "places": 0,
        "areas": 0,
        "ownerships": 1,
        "households": 1,
        "roles": 0,
    }
    before = _snapshot()
    preview = client.get(f"/people/import/{batch.pk}/").content.decode()
    assert "导入全部 3 行" in preview
    assert _snapshot() == before  # the preview writes nothing

    response = client.post(f"/people/import/{batch.pk}/commit/", {"mode": "all", "expected_rows": 3})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert batch.content_ciphertext == ""  # the file is wiped once imported
    zhao = Person.objects.get(name="赵一")
    unit = Place.objects.get(parent=world.building, name="105")
    assert str(unit.exclusive_area) == "88.80"
    assert zhao.home == unit and zhao.sex == "male"
    assert crypto.decrypt(zhao.phone_ciphertext) == "13700000001"
    household = Household.objects.get(unit=unit, number="H105")
    assert household.representative == zhao
    assert set(household.members.values_list("name", flat=True)) == {"赵一", "赵二"}
    assert Ownership.objects.filter(unit=unit, owner=zhao).exists()
    assert Person.objects.get(name="钱三").home == world.units[2]

    batch_record = AuditRecord.objects.get(verb="roster.import")
    assert batch_record.changes["people"] == [None, 3]
    assert batch_record.channel == Channel.IMPORT
    created = AuditRecord.objects.filter(verb="person.create", channel=Channel.IMPORT)
    assert created.count() == 3
    assert AuditRecord.objects.filter(verb="place.create", target_id=str(unit.pk), channel=Channel.IMPORT).exists()
    assert "名册已导入" in client.get(f"/people/import/{batch.pk}/").content.decode()


BAD_ROWS = [
    # row 2: fine
    ["钟一", "男", "1970-01-01", "13700000011", "", "户籍", "", "阳光小区", "1号楼", "106", "70.00", "是", "", ""],
    # row 3: malformed phone
    ["钟二", "女", "", "1370000", "", "户籍", "", "阳光小区", "1号楼", "106", "", "", "", ""],
    # row 4: bad ID check digit
    [
        "钟三",
        "男",
        "",
        "",
        id_number("19800101", "011")[:17] + "0",
        "户籍",
        "",
        "阳光小区",
        "1号楼",
        "107",
        "",
        "",
        "",
        "",
    ],
    # row 5: duplicate of 刘先生 on the roster (same phone)
    ["刘先生", "男", "", "13800138001", "", "户籍", "", "阳光小区", "1号楼", "101", "", "", "", ""],
    # row 6: duplicate of row 2 inside the file
    ["钟一", "男", "1970-01-01", "13700000011", "", "户籍", "", "阳光小区", "1号楼", "106", "", "", "", ""],
    # row 7: negative area
    ["", "", "", "", "", "", "", "阳光小区", "1号楼", "108", "-5", "", "", ""],
    # row 8: non-numeric area
    ["", "", "", "", "", "", "", "阳光小区", "1号楼", "109", "八十平", "", "", ""],
    # row 9: unknown residence status and sex
    ["钟四", "不详", "", "", "", "暂住", "", "阳光小区", "1号楼", "106", "", "", "", ""],
    # row 10: another community
    ["钟五", "", "", "", "", "", "桃源村", "一组", "", "A3", "", "", "", ""],
]


def test_a_file_with_errors_shows_the_report_and_writes_nothing(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    before = _snapshot()
    _upload(client, world, xlsx_bytes(HEADERS_ZH, BAD_ROWS))
    batch = _batch()
    assert batch.status == ImportStatus.CHECKED
    assert (batch.total_rows, batch.valid_rows, batch.error_rows) == (9, 1, 8)
    by_row = {(error["row"], error["code"]) for error in batch.errors}
    assert {
        (3, "phone_malformed"),
        (4, "id_checksum"),
        (5, "duplicate_in_database"),
        (6, "duplicate_in_file"),
        (7, "area_not_positive"),
        (8, "area_not_numeric"),
        (9, "sex_unknown"),
        (9, "residence_status_unknown"),
        (10, "community_outside"),
    } <= by_row
    page = client.get(f"/people/import/{batch.pk}/").content.decode()
    assert "有些行有错误" in page
    assert "这不是有效的大陆电话号码" in page
    assert "与第 2 行是同一个人（手机号码相同）" in page
    assert "面积必须大于零" in page
    assert "手机号" in page and "专有面积" in page  # the columns as the file names them
    assert "导入全部" not in page
    # "Import all" is refused while there are errors, even when posted by hand.
    response = client.post(f"/people/import/{batch.pk}/commit/", {"mode": "all", "expected_rows": 1})
    assert "有些行有错误" in response.content.decode()
    assert _snapshot() == before
    assert not AuditRecord.objects.filter(verb="roster.import").exists()


def test_the_report_in_english(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    _upload(client, world, xlsx_bytes(HEADERS_ZH, BAD_ROWS))
    batch = _batch()
    client.cookies["yishi_language"] = "en"
    page = client.get(f"/people/import/{batch.pk}/").content.decode()
    assert "This is not a valid mainland phone number" in page
    assert "Same person as row 2 (same phone)." in page


def test_import_only_the_valid_rows_needs_explicit_confirmation(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    _upload(client, world, xlsx_bytes(HEADERS_ZH, BAD_ROWS))
    batch = _batch()
    response = client.post(f"/people/import/{batch.pk}/commit/", {"mode": "valid_only", "expected_rows": 1})
    assert response.status_code == 400
    assert "请勾选" in response.content.decode()
    assert not Person.objects.filter(name="钟一").exists()
    response = client.post(
        f"/people/import/{batch.pk}/commit/", {"mode": "valid_only", "expected_rows": 1, "confirm": "on"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert list(Person.objects.filter(name__startswith="钟").values_list("name", flat=True)) == ["钟一"]
    assert not Place.objects.filter(name__in=["107", "108", "109", "A3"]).exists()
    assert AuditRecord.objects.get(verb="roster.import").changes["rows"] == [None, 1]


def test_a_row_that_relies_on_a_faulty_row_is_left_out_too(world: World, cast: Cast) -> None:
    rows = [
        # row 2: bad phone, but it gives unit 110 its area
        ["冯一", "", "", "12345", "", "", "", "阳光小区", "1号楼", "110", "80.00", "", "", ""],
        # row 3: owner of 110 without an area of its own
        ["冯二", "", "", "", "", "", "", "阳光小区", "1号楼", "110", "", "是", "", ""],
        # row 4: fine
        ["冯三", "", "", "", "", "", "", "阳光小区", "1号楼", "111", "", "", "", ""],
    ]
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="x.xlsx", content=xlsx_bytes(HEADERS_ZH, rows)
    )
    assert (batch.valid_rows, batch.error_rows) == (1, 2)
    assert {(error["row"], error["code"]) for error in batch.errors} == {
        (2, "phone_malformed"),
        (3, "depends_on_invalid_row"),
    }
    batch = roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="valid_only", expected_rows=1)
    assert batch.status == ImportStatus.IMPORTED
    assert list(Person.objects.filter(name__startswith="冯").values_list("name", flat=True)) == ["冯三"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_files(world: World, cast: Cast, good_rows: list[list[object]], encoding: str) -> None:
    content = csv_bytes(HEADERS_ZH, good_rows, encoding=encoding)
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="a.csv", content=content
    )
    assert batch.file_format == "csv"
    assert (batch.valid_rows, batch.error_rows) == (3, 0), batch.errors
    roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="all", expected_rows=3)
    assert Person.objects.filter(name__in=["赵一", "赵二", "钱三"]).count() == 3


def test_english_headers_and_a_street_wide_file(world: World, cast: Cast) -> None:
    headers = [
        "name",
        "sex",
        "birth_date",
        "phone",
        "id_number",
        "residence_status",
        "community",
        "compound",
        "unit",
        "exclusive_area",
        "owner",
        "role",
    ]
    rows = [
        [
            "Zhou",
            "male",
            "1960-07-01",
            "",
            "",
            "registered",
            "桃源村",
            "一组",
            "A3",
            "150",
            "yes",
            "resident_representative",
        ],
        ["Wang", "female", "", "", id_number("19900101", "022"), "migrant", "幸福社区", "新村", "1", "60.5", "no", ""],
    ]
    batch = roster_import.upload_roster(
        actor=actor(cast.admin), place=world.street, file_name="en.xlsx", content=xlsx_bytes(headers, rows)
    )
    assert batch.error_rows == 0, batch.errors
    roster_import.commit_batch(actor=actor(cast.admin), batch=batch, mode="all", expected_rows=2)
    zhou = Person.objects.get(name="Zhou")
    assert zhou.home.parent == world.village_group
    assert RoleAssignment.objects.get(person=zhou).place == world.village
    new_compound = Place.objects.get(name="新村", parent=world.community)
    assert new_compound.kind == "compound"
    wang = Person.objects.get(name="Wang")
    assert str(wang.birth_date) == "1990-01-01"  # from the ID number
    assert str(wang.home.exclusive_area) == "60.50"


def test_a_new_group_in_a_village_is_a_villagers_group(world: World, cast: Cast) -> None:
    rows = [["李四", "", "", "", "", "", "", "二组", "", "B1", "120", "", "", ""]]
    batch = roster_import.upload_roster(
        actor=actor(cast.village_head), place=world.village, file_name="v.xlsx", content=xlsx_bytes(HEADERS_ZH, rows)
    )
    roster_import.commit_batch(actor=actor(cast.village_head), batch=batch, mode="all", expected_rows=1)
    group = Place.objects.get(name="二组")
    assert group.compound_type == "village_group" and group.is_rural


def test_ownership_rows_need_an_exclusive_area(world: World, cast: Cast) -> None:
    rows = [
        ["吴一", "", "", "", "", "", "", "阳光小区", "1号楼", "120", "", "是", "", ""],
        ["吴二", "", "", "", "", "", "", "阳光小区", "1号楼", "101", "", "是", "", ""],  # 101 has an area on record
    ]
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="o.xlsx", content=xlsx_bytes(HEADERS_ZH, rows)
    )
    assert [(error["row"], error["code"]) for error in batch.errors] == [(2, "ownership_needs_area")]


def test_developer_unsold_units_and_area_conflicts(world: World, cast: Cast) -> None:
    headers = ["小区", "楼栋", "房号", "专有面积", "产权单位", "开发商未售"]
    rows = [
        ["阳光小区", "2号楼", "201", "95.5", "阳光地产", "是"],
        ["阳光小区", "1号楼", "102", "130.00", "", ""],  # 102 is registered at 120.25
        ["阳光小区", "2号楼", "201", "96", "", ""],  # differs from row 2
    ]
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="d.xlsx", content=xlsx_bytes(headers, rows)
    )
    assert [(error["row"], error["code"]) for error in batch.errors] == [
        (3, "area_conflict"),
        (4, "area_conflict_in_file"),
    ]
    batch = roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="valid_only", expected_rows=1)
    unit = Place.objects.get(name="201")
    ownership = Ownership.objects.get(unit=unit)
    assert ownership.owner is None and ownership.organisation_name == "阳光地产" and ownership.is_developer_unsold
    assert unit.parent.name == "2号楼" and unit.parent.parent == world.compound


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.xlsx", "这不是电子表格（图片）"),
        (b"MZ\x90\x00" + bytes(200), "setup.xlsx", "这不是电子表格（程序）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "old.xls", "旧版 Excel"),
        ("性别,手机号\n男,13700000000\n".encode(), "nocols.csv", "缺少必需的列"),
        ("姓名,社区\n".encode(), "header.csv", "没有数据行"),
    ],
)
def test_unusable_files_get_a_clear_message(
    client: Client, world: World, cast: Cast, content: bytes, name: str, message: str
) -> None:
    client.force_login(cast.director)
    response = _upload(client, world, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_oversized_upload_is_refused(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    response = _upload(client, world, b"a" * (10 * 1024 * 1024 + 1), name="big.csv")
    assert response.status_code == 400
    assert "文件太大" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_too_many_rows(world: World, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("yishi.people.spreadsheets.MAX_ROWS", 3)
    with pytest.raises(ActionError) as caught:
        roster_import.upload_roster(
            actor=actor(cast.director),
            place=world.community,
            file_name="m.csv",
            content=csv_bytes(["姓名"], [["甲"], ["乙"], ["丙"], ["丁"]]),
        )
    assert caught.value.code == "too_many_rows"


def test_only_roster_keepers_may_import(
    client: Client, world: World, cast: Cast, good_rows: list[list[object]]
) -> None:
    client.force_login(cast.supervisor)
    assert client.get("/people/import/").status_code == 403
    with pytest.raises(NotPermitted):
        roster_import.upload_roster(
            actor=actor(cast.supervisor),
            place=world.community,
            file_name="a.xlsx",
            content=xlsx_bytes(HEADERS_ZH, good_rows),
        )


def test_a_batch_belongs_to_its_uploader(
    client: Client, world: World, cast: Cast, good_rows: list[list[object]]
) -> None:
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="a.xlsx", content=xlsx_bytes(HEADERS_ZH, good_rows)
    )
    client.force_login(cast.secretary)
    assert client.get(f"/people/import/{batch.pk}/").status_code == 403
    assert client.post(f"/people/import/{batch.pk}/commit/", {"mode": "all", "expected_rows": 3}).status_code == 403
    assert not Person.objects.filter(name="赵一").exists()


def test_rows_outside_the_importers_reach_are_errors(world: World, cast: Cast) -> None:
    rows = [["外人", "", "", "", "", "", "和平社区", "", "", "1", "", "", "", ""]]
    batch = roster_import.upload_roster(
        actor=actor(cast.admin), place=world.street, file_name="r.xlsx", content=xlsx_bytes(HEADERS_ZH, rows)
    )
    assert batch.errors[0]["code"] == "community_unknown"  # 和平社区 lies in another street


def test_each_row_is_checked_against_the_importers_own_permissions(world: World, cast: Cast) -> None:
    worker = make_person("社工小周", world.community)
    give_role(worker, "social_worker", world.community)  # may import, may not give roles
    rows = [
        ["甲", "", "", "", "", "", "", "阳光小区", "1号楼", "130", "", "", "", ""],
        ["乙", "", "", "", "", "", "", "阳光小区", "1号楼", "131", "", "", "", ""],
    ]
    headers = [*HEADERS_ZH, "角色"]
    content = xlsx_bytes(headers, [rows[0] + [""], rows[1] + ["居民代表"]])
    batch = roster_import.upload_roster(
        actor=actor(make_user(worker)), place=world.community, file_name="w.xlsx", content=content
    )
    assert [(error["row"], error["code"]) for error in batch.errors] == [(3, "role_not_permitted")]


def test_the_roster_changing_after_the_check_is_caught(world: World, cast: Cast, good_rows: list[list[object]]) -> None:
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="a.xlsx", content=xlsx_bytes(HEADERS_ZH, good_rows)
    )
    make_person("别人", world.units[3], phone="13700000003")  # takes 钱三's phone meanwhile
    batch = roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="all", expected_rows=3)
    assert batch.status == ImportStatus.CHECKED
    assert batch.notice["zh"].startswith("检查之后名册发生了变化")
    assert batch.error_rows == 1
    assert not Person.objects.filter(name__in=["赵一", "赵二", "钱三"]).exists()


def test_a_failure_while_writing_rolls_everything_back(
    world: World, cast: Cast, good_rows: list[list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = roster_import.upload_roster(
        actor=actor(cast.director), place=world.community, file_name="a.xlsx", content=xlsx_bytes(HEADERS_ZH, good_rows)
    )
    before = _snapshot()
    records = AuditRecord.objects.count()

    def clash(*args: object, **kwargs: object) -> int:
        raise IntegrityError("simulated clash after places, people and households were written")

    monkeypatch.setattr(roster_writer, "_write_ownerships", clash)
    batch = roster_import.commit_batch(actor=actor(cast.director), batch=batch, mode="all", expected_rows=3)
    assert batch.status == ImportStatus.CHECKED
    assert batch.notice["zh"].startswith("没有写入任何内容")
    assert _snapshot() == before
    assert AuditRecord.objects.count() == records
    assert batch.content_ciphertext  # kept: the user may try again


def test_large_files_are_checked_and_imported_in_the_background(
    client: Client,
    world: World,
    cast: Cast,
    good_rows: list[list[object]],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(roster_import, "INLINE_ROWS", 2)
    client.force_login(cast.director)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _upload(client, world, xlsx_bytes(HEADERS_ZH, good_rows))
    batch = _batch()
    assert batch.status == ImportStatus.CHECKING
    assert len(callbacks) == 1
    page = client.get(f"/people/import/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    partial = client.get(f"/people/import/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "HX-Refresh" not in partial
    callbacks[0]()  # the worker runs the task: check_import(batch_id)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CHECKED
    assert batch.progress_done == batch.progress_total == 3
    partial = client.get(f"/people/import/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/people/import/{batch.pk}/commit/", {"mode": "all", "expected_rows": 3})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    # Running the task again changes nothing.
    roster_import.run_import(batch_id=batch.pk)
    assert Person.objects.filter(name="赵一").count() == 1


def test_the_error_report_downloads_as_xlsx(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    _upload(client, world, xlsx_bytes(HEADERS_ZH, BAD_ROWS))
    response = client.get(f"/people/import/{_batch().pk}/errors.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "问题")
    assert rows[1][:2] == (3, "手机号")
    assert "13700000" not in str(rows)  # no personal data in the report


def test_discard_wipes_the_file(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    _upload(client, world, xlsx_bytes(HEADERS_ZH, BAD_ROWS))
    batch = _batch()
    assert client.post(f"/people/import/{batch.pk}/discard/").status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED and batch.content_ciphertext == ""
    assert AuditRecord.objects.filter(verb="roster.discard").exists()


def test_the_template_has_the_columns(client: Client, world: World, cast: Cast) -> None:
    client.force_login(cast.director)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/people/import/template.xlsx").content))
    headers = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert headers[:4] == ("姓名", "性别", "民族", "出生日期")
    assert workbook.worksheets[1].max_row == len(headers) + 1
