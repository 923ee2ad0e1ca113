"""The implementation ledger sheets (台账): tasks, funds and expenses of a community for a period."""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext

from yishi.implementation import queries
from yishi.implementation.domain.budget import total
from yishi.implementation.domain.money import tenths
from yishi.places.models import Place


def tasks_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[Sequence[Any], Iterable[Any]]:
    """One row per task that ran during the period, with the volunteer hours given to it."""
    headers = [
        gettext("Matter"),
        gettext("Task"),
        gettext("Responsible"),
        gettext("Starts on"),
        gettext("Due on"),
        gettext("Status"),
        gettext("Completed at"),
        gettext("Volunteer hours"),
    ]
    rows = [
        [
            task.matter.title,
            task.title,
            task.owner_label,
            task.starts_on,
            task.due_on,
            task.get_status_display(),
            task.completed_at,
            tenths(total(item.hours for item in task.labour_given if item.hours)),  # type: ignore[attr-defined]
        ]
        for task in queries.tasks_in_period(community, start, end)
    ]
    return headers, rows


def funds_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[Sequence[Any], Iterable[Any]]:
    """One row per fund of the community, with what it was granted, collected, allocated and spent."""
    headers = [
        gettext("Fund"),
        gettext("Kind"),
        gettext("Granted (yuan)"),
        gettext("Collected from residents (yuan)"),
        gettext("Allocated (yuan)"),
        gettext("Spent (yuan)"),
        gettext("Balance (yuan)"),
        gettext("Assembly decision"),
    ]
    rows = [
        [
            fund.name,
            fund.get_kind_display(),
            position.granted,
            position.collected,
            position.allocated,
            position.spent,
            position.balance,
            fund.decision.title if fund.decision else "",
        ]
        for fund, position in queries.funds_of(community, end)
    ]
    return headers, rows


def expenses_sheet(community: Place, start: datetime.date, end: datetime.date) -> tuple[Sequence[Any], Iterable[Any]]:
    """One row per expense paid in the period."""
    headers = [
        gettext("Paid on"),
        gettext("Matter"),
        gettext("Budget line"),
        gettext("Fund"),
        gettext("What was paid for"),
        gettext("Paid to"),
        gettext("Amount (yuan)"),
        gettext("Receipts"),
        gettext("Recorded by"),
    ]
    rows = [
        [
            expense.spent_on,
            expense.matter.title,
            expense.budget_line.item,
            expense.budget_line.fund.name,
            expense.description,
            expense.payee,
            expense.amount,
            len(expense.receipts.all()),
            expense.recorded_by.display_name if expense.recorded_by else "",
        ]
        for expense in queries.expenses_in_period(community, start, end)
    ]
    return headers, rows
