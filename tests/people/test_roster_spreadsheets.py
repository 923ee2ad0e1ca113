"""What counts as a spreadsheet: decided by content, with a clear message for everything else."""

import io
import zipfile

import pytest

from tests.people.conftest import csv_bytes, xlsx_bytes
from yishi.people.domain.roster import RosterFileError
from yishi.people.spreadsheets import MAX_UPLOAD_BYTES, decode_text, read_table, sniff, write_csv, write_xlsx


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "code", "kind"),
    [
        (b"", "file_empty", None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "file_not_spreadsheet", "an image"),
        (b"MZ\x90\x00" + b"\x00" * 100, "file_not_spreadsheet", "a program"),
        (b"%PDF-1.7\n", "file_not_spreadsheet", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "file_old_xls", None),
        (_zip(["[Content_Types].xml", "word/document.xml"]), "file_not_spreadsheet", "a Word document"),
        (_zip(["hello.txt"]), "file_not_spreadsheet", "an archive"),
        (b"PK\x03\x04 not really a zip", "file_unreadable", None),
        (b"name\x00,phone\n", "file_not_spreadsheet", "binary data"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "file_too_large", None),
    ],
)
def test_what_is_no_spreadsheet_is_refused(content: bytes, code: str, kind: str | None) -> None:
    with pytest.raises(RosterFileError) as caught:
        sniff(content)
    assert caught.value.code == code
    if kind:
        assert caught.value.params["kind"] == kind


def test_xlsx_and_csv_are_recognised_by_content() -> None:
    assert sniff(xlsx_bytes(["姓名"], [["甲"]])) == "xlsx"
    assert sniff(csv_bytes(["姓名"], [["甲"]])) == "csv"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(encoding: str) -> None:
    table = read_table(csv_bytes(["姓名", "社区"], [["张三", "幸福社区"]], encoding=encoding))
    assert table.headers == ("姓名", "社区")
    assert table.rows == [(2, ("张三", "幸福社区"))]


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(RosterFileError) as caught:
        decode_text(b"\x80\xff\xfe name")
    assert caught.value.code == "file_encoding"


def test_row_numbers_follow_the_sheet_across_blank_rows() -> None:
    table = read_table(xlsx_bytes(["姓名"], [["甲"], [None], ["乙"]]))
    assert [number for number, _cells in table.rows] == [2, 4]


def test_a_sheet_without_a_header_is_empty() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_table(csv_bytes([""], []))
    assert caught.value.code == "file_empty"


def test_too_many_rows() -> None:
    with pytest.raises(RosterFileError) as caught:
        read_table(csv_bytes(["姓名"], [["甲"]] * 6), max_rows=5)
    assert caught.value.code == "too_many_rows"


def test_written_files_read_back_and_keep_formulas_as_text() -> None:
    rows = [['=HYPERLINK("x")', "110101198001010011", "89.50"]]
    for content in (
        write_xlsx([("名册", ["姓名", "身份证号", "专有面积"], rows)]),
        write_csv(["姓名", "身份证号", "专有面积"], rows),
    ):
        table = read_table(content)
        assert table.rows[0][1][0] == '\'=HYPERLINK("x")'
        assert table.rows[0][1][1:] == ("110101198001010011", "89.50")
