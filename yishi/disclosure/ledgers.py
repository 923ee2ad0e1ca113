"""Ledgers (台账): one workbook per community and period, with a sheet from every app that registers one.

An app registers a sheet in its AppConfig.ready():

    from yishi.disclosure import ledgers

    def meetings_sheet(community, start, end):
        headers = [gettext("Date"), gettext("Meeting"), gettext("Attendance")]
        rows = [[meeting.held_on, meeting.title, meeting.attendance] for meeting in ...]
        return headers, rows

    ledgers.register(_("Meetings"), meetings_sheet)

`start` and `end` are dates, both included. Cells may be text, numbers, Decimal, dates and datetimes
(written in Asia/Shanghai time); a lazy translation is written in the language active at export.
"""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = Any
SheetBuilder = Callable[[Any, datetime.date, datetime.date], tuple[Sequence[Cell], Iterable[Sequence[Cell]]]]


@dataclass(frozen=True)
class LedgerSheet:
    name: str | Promise
    build: SheetBuilder
    order: int


_sheets: list[LedgerSheet] = []
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def register(name: str | Promise, build: SheetBuilder, *, order: int = 100) -> SheetBuilder:
    """Add a sheet to every ledger workbook; registering the same builder again does nothing."""
    if all(sheet.build is not build for sheet in _sheets):
        _sheets.append(LedgerSheet(name=name, build=build, order=order))
    return build


def unregister(build: SheetBuilder) -> None:
    """Remove a sheet (tests register sheets of their own)."""
    _sheets[:] = [sheet for sheet in _sheets if sheet.build is not build]


def registered() -> list[LedgerSheet]:
    """The registered sheets in workbook order."""
    return sorted(_sheets, key=lambda sheet: sheet.order)


def _cell(value: Cell) -> Cell:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (str, int, float, Decimal, datetime.date, datetime.time, bool)):
        return value
    return str(value)


def _sheet_title(name: str, taken: set[str]) -> str:
    base = name.translate(_FORBIDDEN_IN_SHEET_NAMES).strip()[:31] or "Sheet"
    title, suffix = base, 2
    while title in taken:
        title = f"{base[:28]} {suffix}"
        suffix += 1
    taken.add(title)
    return title


def build_workbook(community: Any, start: datetime.date, end: datetime.date) -> bytes:
    """The .xlsx bytes of the community's ledgers for the period, one sheet per registered builder."""
    workbook = Workbook()
    default = workbook.active
    taken: set[str] = set()
    for sheet in registered():
        headers, rows = sheet.build(community, start, end)
        worksheet = workbook.create_sheet(_sheet_title(str(sheet.name), taken))
        worksheet.append([_cell(value) for value in headers])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        worksheet.freeze_panes = "A2"
        for row in rows:
            worksheet.append([_cell(value) for value in row])
        for row_cells in worksheet.iter_rows():
            for cell in row_cells:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    # Text that begins with "=" stays text: a ledger never carries formulas from input.
                    cell.data_type = "s"
        for index, header in enumerate(headers, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = max(10, min(60, len(str(header)) * 2 + 4))
    if default is not None and len(workbook.worksheets) > 1:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
