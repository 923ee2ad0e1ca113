"""Reading and writing roster spreadsheets (.xlsx through openpyxl, .csv in UTF-8 or GB18030).

What the bytes are is decided by their content, never by the file name: an .xlsx is a zip holding a workbook,
a CSV is text without NUL bytes. Everything else is refused with a message that says what it looked like.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from yishi.people.domain.roster import RosterFileError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# A zip may expand far beyond its own size; a real 50,000-row roster stays well below this.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024

FileFormat = Literal["xlsx", "csv"]

_BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"BM", "an image"),
    (b"RIFF", "an image"),
    (b"MZ", "a program"),
    (b"\x7fELF", "a program"),
    (b"%PDF", "a PDF document"),
    (b"Rar!", "an archive"),
    (b"\x1f\x8b", "an archive"),
    (b"7z\xbc\xaf", "an archive"),
)


@dataclass(frozen=True)
class Table:
    """The header row and the data rows of a sheet, each with its row number as the spreadsheet shows it."""

    file_format: FileFormat
    header_row: int
    headers: tuple[object, ...]
    rows: list[tuple[int, tuple[object, ...]]]


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def sniff(content: bytes) -> FileFormat:
    """Which spreadsheet format the bytes hold; RosterFileError when they hold none."""
    if not content:
        raise RosterFileError("file_empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise RosterFileError("file_too_large", limit=human_size(MAX_UPLOAD_BYTES))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterFileError("file_old_xls")
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise RosterFileError("file_unreadable") from error
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise RosterFileError("file_not_spreadsheet", kind="a Word document")
        raise RosterFileError("file_not_spreadsheet", kind="an archive")
    for magic, kind in _BINARY_KINDS:
        if content.startswith(magic):
            raise RosterFileError("file_not_spreadsheet", kind=kind)
    if b"\x00" in content[:65536]:
        raise RosterFileError("file_not_spreadsheet", kind="binary data")
    return "csv"


def decode_text(content: bytes) -> str:
    """CSV text: UTF-8 (with or without the BOM Excel writes), else GB18030 (Excel's "CSV" on Chinese Windows)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("file_encoding")


def _csv_rows(content: bytes) -> Iterator[tuple[int, tuple[object, ...]]]:
    text = decode_text(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            yield number, tuple(record)
    except csv.Error as error:
        raise RosterFileError("file_encoding") from error


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, tuple[object, ...]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise RosterFileError("file_too_large", limit=human_size(MAX_UPLOAD_BYTES))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except RosterFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors for damaged or encrypted files
        raise RosterFileError("file_unreadable") from error
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(values)
    except RosterFileError:
        raise
    except Exception as error:
        raise RosterFileError("file_unreadable") from error
    finally:
        workbook.close()


def _is_blank(values: Sequence[object]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def read_table(content: bytes, *, max_rows: int | None = None) -> Table:
    """The header row and the non-blank data rows of the first sheet; RosterFileError for unusable files."""
    max_rows = max_rows or MAX_ROWS
    file_format = sniff(content)
    source = _xlsx_rows(content) if file_format == "xlsx" else _csv_rows(content)
    header_row = 0
    headers: tuple[object, ...] = ()
    rows: list[tuple[int, tuple[object, ...]]] = []
    for number, values in source:
        if _is_blank(values):
            continue
        if not headers:
            header_row, headers = number, values
            continue
        rows.append((number, values))
        if len(rows) > max_rows:
            raise RosterFileError("too_many_rows", rows=f"{max_rows}+", limit=max_rows)
    if not headers:
        raise RosterFileError("file_empty")
    return Table(file_format=file_format, header_row=header_row, headers=headers, rows=rows)


def _safe(value: object) -> object:
    """A value openpyxl may write: control characters removed; text that looks like a formula kept as text."""
    if isinstance(value, str):
        text = str(ILLEGAL_CHARACTERS_RE.sub("", value))
        if text[:1] in {"=", "+", "-", "@"} and not _looks_numeric(text):
            return "'" + text
        return text
    return value


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """An .xlsx file with one sheet per (title, headers, rows); every cell is text so IDs keep their digits."""
    workbook = openpyxl.Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([_safe(header) for header in headers])
        for row in rows:
            sheet.append([_safe(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A CSV file in UTF-8 with the BOM, which Excel needs to show Chinese correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([_safe(header) for header in headers])
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
