"""Builders for roster files and resident data used by the people tests."""

import io
from collections.abc import Sequence

import openpyxl
import pytest

from yishi.audit.actions import Actor
from yishi.audit.models import Channel
from yishi.people.domain.identity import with_check_digit

HEADERS_ZH = [
    "姓名",
    "性别",
    "出生日期",
    "手机号",
    "身份证号",
    "居住类型",
    "社区",
    "小区",
    "楼栋",
    "房号",
    "专有面积",
    "业主",
    "户号",
    "户主",
]


def id_number(birth: str = "19800101", sequence: str = "001", region: str = "110101") -> str:
    """A valid 18-character ID number; the third sequence digit is odd for men."""
    return with_check_digit(region + birth + sequence)


def xlsx_bytes(headers: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[object], rows: Sequence[Sequence[object]], *, encoding: str = "utf-8-sig") -> bytes:
    lines = [",".join(str(value) for value in headers)]
    lines += [",".join("" if value is None else str(value) for value in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def actor(user: object, role: str = "committee_member", channel: str = Channel.ONLINE) -> Actor:
    return Actor(user=user, acting_role=role, channel=channel)  # type: ignore[arg-type]


@pytest.fixture
def good_rows() -> list[list[object]]:
    """Three residents of 幸福社区: two in a new unit 105 of 1号楼 (a household), one in existing unit 103."""
    return [
        [
            "赵一",
            "男",
            "1980-01-01",
            "13700000001",
            id_number("19800101", "011"),
            "户籍",
            "幸福社区",
            "阳光小区",
            "1号楼",
            "105",
            "88.80",
            "是",
            "H105",
            "是",
        ],
        [
            "赵二",
            "女",
            "1982-02-02",
            "",
            "",
            "常住",
            "幸福社区",
            "阳光小区",
            "1号楼",
            "105",
            "88.80",
            "否",
            "H105",
            "否",
        ],
        [
            "钱三",
            "男",
            "1990-03-03",
            "13700000003",
            "",
            "流动",
            "幸福社区",
            "阳光小区",
            "1号楼",
            "103",
            "",
            "否",
            "",
            "",
        ],
    ]
