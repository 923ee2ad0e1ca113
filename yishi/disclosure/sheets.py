"""The disclosure app's own ledger sheets: the notices published, and the rows of their accounts."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext

from yishi.disclosure.queries import notices_in_period
from yishi.places.models import Place


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


def notices_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[Sequence[Any], Iterable[Any]]:
    """One row per notice published in the period."""
    headers = [
        gettext("Number"),
        gettext("Kind"),
        gettext("Title"),
        gettext("Place"),
        gettext("Published at"),
        gettext("Posted from"),
        gettext("Posted until"),
        gettext("Due by"),
        gettext("On time"),
        gettext("Corrects notice"),
        gettext("Status"),
    ]
    rows = [
        [
            notice.number,
            notice.get_kind_display(),
            notice.title,
            notice.place.name,
            notice.published_at,
            notice.posted_from,
            notice.posted_until,
            notice.due_by,
            _yes_no(notice.is_on_time),
            notice.corrects.number if notice.corrects else "",
            notice.get_status_display(),
        ]
        for notice in notices_in_period(community, start, end)
    ]
    return headers, rows


def accounts_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[Sequence[Any], Iterable[Any]]:
    """Every table row of the notices published in the period, with its notice's number."""
    headers = [gettext("Number"), gettext("Notice"), gettext("Item"), gettext("Amount (yuan)"), gettext("Date")]
    rows = [
        [notice.number, notice.title, row.item, row.amount, row.date]
        for notice in notices_in_period(community, start, end).exclude(rows=[])
        for row in notice.table_rows
    ]
    return headers, rows
