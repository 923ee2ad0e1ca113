"""The pure roster rules: header names, turning cells into values, and the messages in both languages."""

import datetime
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yishi.people.domain.roster import (
    COLUMNS,
    MESSAGES,
    Field,
    RosterFileError,
    RosterRow,
    cell_text,
    export_values,
    map_headers,
    message,
    normalise_row,
    parse_date,
    sex_from_id,
)

TODAY = datetime.date(2026, 6, 1)


def test_chinese_headers_with_decorations_are_recognised() -> None:
    headers = map_headers(["\ufeff姓名*", "性别", "手机号（选填）", "身份证号码", "建筑面积", "备注"])
    assert headers.index[Field.NAME] == 0
    assert headers.index[Field.PHONE] == 2
    assert headers.index[Field.ID_NUMBER] == 3
    assert headers.index[Field.EXCLUSIVE_AREA] == 4
    assert headers.ignored == ("备注",)
    assert headers.written[Field.PHONE] == "手机号（选填）"


def test_english_headers_are_recognised() -> None:
    headers = map_headers(["name", "Birth Date", "residence_status", "ID number", "unit", "Exclusive Area"])
    assert set(headers.index) == {
        Field.NAME,
        Field.BIRTH_DATE,
        Field.RESIDENCE_STATUS,
        Field.ID_NUMBER,
        Field.UNIT,
        Field.EXCLUSIVE_AREA,
    }


def test_a_unit_file_needs_no_name_column() -> None:
    assert Field.NAME not in map_headers(["房号", "专有面积"]).index


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        (["性别", "手机号"], "columns_missing"),
        (["房号", "性别"], "columns_missing"),
        (["姓名", "名字"], "columns_duplicate"),
        ([], "columns_missing"),
    ],
)
def test_bad_header_rows_are_refused(headers: list[str], code: str) -> None:
    with pytest.raises(RosterFileError) as caught:
        map_headers(headers)
    assert caught.value.code == code
    assert caught.value.message("zh") and caught.value.message("en")


def _row(**cells: object) -> tuple[RosterRow | None, list[str]]:
    names = list(cells)
    headers = map_headers(names)
    row, errors = normalise_row(7, list(cells.values()), headers, today=TODAY)
    return row, [error.code for error in errors]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("男", "male"), ("女性", "female"), ("M", "male"), ("female", "female"), ("", "unknown"), ("未知", "unknown")],
)
def test_sex_words(raw: str, expected: str) -> None:
    row, errors = _row(name="甲", sex=raw)
    assert errors == []
    assert row is not None and row.sex == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1975-05-01", datetime.date(1975, 5, 1)),
        ("1975/5/1", datetime.date(1975, 5, 1)),
        ("1975.05.01", datetime.date(1975, 5, 1)),
        ("19750501", datetime.date(1975, 5, 1)),
        ("1975年5月1日", datetime.date(1975, 5, 1)),
        (datetime.datetime(1975, 5, 1), datetime.date(1975, 5, 1)),
    ],
)
def test_dates_in_the_ways_spreadsheets_write_them(raw: object, expected: datetime.date) -> None:
    row, errors = _row(name="甲", birth_date=raw)
    assert errors == []
    assert row is not None and row.birth_date == expected


@pytest.mark.parametrize(
    ("cells", "code", "field"),
    [
        ({"name": "甲", "sex": "x"}, "sex_unknown", Field.SEX),
        ({"name": "甲", "birth_date": "1975-13-40"}, "date_invalid", Field.BIRTH_DATE),
        ({"name": "甲", "birth_date": "2030-01-01"}, "date_future", Field.BIRTH_DATE),
        ({"name": "甲", "residence_status": "暂住"}, "residence_status_unknown", Field.RESIDENCE_STATUS),
        ({"name": "甲", "owner": "也许"}, "yes_no_invalid", Field.OWNER),
        ({"name": "甲", "role": "村长"}, "role_unknown", Field.ROLE),
        ({"name": "甲", "role": "书记"}, "role_not_importable", Field.ROLE),
        ({"name": "甲", "id_number": 110101198001010011}, "id_as_number", Field.ID_NUMBER),
        ({"name": "", "phone": "13800000000"}, "name_missing", Field.NAME),
        ({"name": "甲", "organisation_name": "开发商"}, "organisation_and_person", Field.ORGANISATION),
        ({"name": "甲" * 51}, "text_too_long", Field.NAME),
        ({"name": "甲", "area_source": "估计"}, "area_source_unknown", Field.AREA_SOURCE),
    ],
)
def test_bad_cells_are_reported_with_their_column(cells: dict[str, object], code: str, field: Field) -> None:
    headers = map_headers([*cells, "unit", "exclusive_area"] if "name" not in cells else list(cells))
    _row_value, errors = normalise_row(9, [*cells.values(), "", ""], headers, today=TODAY)
    assert [(error.code, error.field) for error in errors] == [(code, field)]


def test_blank_rows_are_skipped() -> None:
    headers = map_headers(["姓名", "房号"])
    assert normalise_row(3, [None, "  "], headers, today=TODAY) == (None, [])


def test_roles_may_be_listed_together() -> None:
    row, errors = _row(name="甲", role="居民代表、党员，volunteer")
    assert errors == []
    assert row is not None and row.roles == ("resident_representative", "party_member", "volunteer")


def test_area_keeps_its_text_for_the_action_to_judge() -> None:
    row, errors = _row(name="甲", unit="101", exclusive_area="1,089.50 平方米")
    assert errors == []
    assert row is not None and row.exclusive_area == "1089.50"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (13800138001, "13800138001"), (101.0, "101"), (89.5, "89.5"), (True, "是"), ("\u3000张三 ", "张三")],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_parse_date_refuses_other_text() -> None:
    with pytest.raises(ValueError):
        parse_date("去年")


def test_sex_from_id_number() -> None:
    assert sex_from_id("11010119800101001X"[:16] + "1X") == "male"
    assert sex_from_id("110101198001010020") == "female"


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for code, (zh, en) in MESSAGES.items():
        assert zh and en, code
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), code
        assert re.search(r"[\u4e00-\u9fff]", zh), code


def test_message_fills_placeholders() -> None:
    assert message("too_many_rows", "en", rows=60001, limit=50000) == (
        "The file has 60001 rows, more than the 50000 allowed at once; split it into smaller files."
    )
    assert "60001" in message("too_many_rows", "zh", rows=60001, limit=50000)


text = st.text(alphabet=string.ascii_letters + "张王李赵一二三楼", min_size=1, max_size=12)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    name=text,
    sex=st.sampled_from(["male", "female", "unknown"]),
    status=st.sampled_from(["registered", "long_term", "migrant"]),
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY),
    unit=text,
    owner=st.booleans(),
    head=st.booleans(),
    roles=st.lists(st.sampled_from(["resident_representative", "party_member", "volunteer"]), unique=True),
    language=st.sampled_from(["zh", "en"]),
)
def test_an_exported_row_reads_back_the_same(
    name: str,
    sex: str,
    status: str,
    birth: datetime.date,
    unit: str,
    owner: bool,
    head: bool,
    roles: list[str],
    language: str,
) -> None:
    row = RosterRow(
        row=2,
        name=name,
        sex=sex,
        birth_date=birth,
        residence_status=status,
        community="幸福社区",
        unit=unit,
        exclusive_area="88.50",
        area_source="register",
        owner=owner,
        household_number="H1" if head else "",
        household_head=head,
        roles=tuple(roles),
    )
    headers = map_headers([column.header(language) for column in COLUMNS])
    read, errors = normalise_row(2, export_values(row, language), headers, today=TODAY)
    assert errors == []
    assert read == row
